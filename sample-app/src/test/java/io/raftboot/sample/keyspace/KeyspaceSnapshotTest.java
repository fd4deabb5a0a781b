package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyspaceSnapshotTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);

    private static byte[] write(KeyspaceSnapshot snapshot) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        snapshot.writeTo(out);
        return out.toByteArray();
    }

    private static Keyspace restore(byte[] bytes) throws IOException {
        Keyspace restored = new Keyspace();
        KeyspaceRestorer.restore(restored, new ByteArrayInputStream(bytes));
        return restored;
    }

    private byte[] sampleSnapshot() throws IOException {
        strings.set(NOW, b("plain"), b("value"));
        strings.set(NOW, b("ttl"), b("soon"), bs("PX", "5000"));
        strings.set(NOW, new byte[] {0, (byte) 0xff}, new byte[] {1, 2, 3, 0});
        strings.set(NOW, b(""), b(""));
        strings.set(NOW + 7, b("expired"), b("x"), bs("PXAT", Long.toString(NOW)));
        return write(keyspace.capture());
    }

    @Test
    void roundTripRestoresValuesExpiriesAndTheClock() throws IOException {
        Keyspace restored = restore(sampleSnapshot());
        StringCommands r = new StringCommands(restored);
        assertThat(s(r.get(NOW, b("plain")))).isEqualTo("value");
        assertThat(new ExpiryCommands(restored).pttl(NOW, b("ttl"))).isEqualTo(5000);
        assertThat(r.get(NOW, new byte[] {0, (byte) 0xff})).containsExactly(1, 2, 3, 0);
        assertThat(r.get(NOW, b(""))).isEmpty();
        assertThat(restored.storedCount()).isEqualTo(5);
        assertThat(restored.lastWriteTime()).isEqualTo(NOW + 7);
        // the derived expiry index is rebuilt
        assertThat(Bytes.strings(new ExpiryCommands(restored).expiredCandidates(NOW + 7, 10))).containsExactly("expired");
    }

    @Test
    void aRestoredKeyspaceWritesAnIdenticalSnapshot() throws IOException {
        byte[] first = sampleSnapshot();
        assertThat(write(restore(first).capture())).isEqualTo(first);
    }

    @Test
    void theCaptureIsAPointInTimeViewUnaffectedByLaterWrites() throws IOException {
        strings.set(NOW, b("a"), b("1"));
        strings.append(NOW, b("a"), b("2"));
        strings.set(NOW, b("b"), b("x"));
        KeyspaceSnapshot snapshot = keyspace.capture();
        strings.append(NOW, b("a"), b("3"));
        strings.set(NOW, b("c"), b("new"));
        new KeyCommands(keyspace).del(NOW, b("b"));
        new ExpiryCommands(keyspace).expire(NOW, b("a"), b("10"));

        Keyspace restored = restore(write(snapshot));
        assertThat(snapshot.size()).isEqualTo(2);
        assertThat(s(new StringCommands(restored).get(NOW, b("a")))).isEqualTo("12");
        assertThat(s(new StringCommands(restored).get(NOW, b("b")))).isEqualTo("x");
        assertThat(restored.storedCount()).isEqualTo(2);
        assertThat(new ExpiryCommands(restored).pttl(NOW, b("a"))).isEqualTo(-1);
    }

    /** {@link #sampleSnapshot()} as the TreeMap keyspace wrote it, before the hash table replaced it. */
    private static final String SAMPLE_WRITTEN_BY_THE_TREEMAP_KEYSPACE = "52424b530187d095ffbc31050374746c04736f6f6e"
            + "88f795ffbc3105706c61696e0576616c7565000200ff0401020300000765787069726564017880d095ffbc310000003714e2e8";

    @Test
    void aSnapshotWrittenByTheTreeMapKeyspaceRestoresAndIsWrittenAgainByteForByte() throws IOException {
        byte[] old = HexFormat.of().parseHex(SAMPLE_WRITTEN_BY_THE_TREEMAP_KEYSPACE);
        Keyspace restored = restore(old);
        assertThat(s(new StringCommands(restored).get(NOW, b("plain")))).isEqualTo("value");
        assertThat(restored.storedCount()).isEqualTo(5);
        assertThat(write(restored.capture())).isEqualTo(old);
        assertThat(sampleSnapshot()).isEqualTo(old);
    }

    @Test
    void restoreReplacesTheWholeState() throws IOException {
        byte[] snapshot = sampleSnapshot();
        Keyspace target = new Keyspace();
        new StringCommands(target).set(NOW, b("stale"), b("x"), bs("PX", "1"));
        KeyspaceRestorer.restore(target, new ByteArrayInputStream(snapshot));
        assertThat(new StringCommands(target).get(NOW, b("stale"))).isNull();
        assertThat(target.storedCount()).isEqualTo(5);
        assertThat(Bytes.strings(target.expiredKeys(Long.MAX_VALUE, 10).stream().map(Key::bytes).toList()))
                .containsExactlyInAnyOrder("ttl", "expired");
    }

    @Test
    void anEmptyKeyspaceRoundTrips() throws IOException {
        byte[] bytes = write(keyspace.capture());
        assertThat(bytes).hasSize(4 + 1 + 1 + 1 + 4);
        assertThat(restore(bytes).storedCount()).isZero();
    }

    @Test
    void everySingleFlippedByteIsDetectedAndLeavesTheTargetUntouched() throws IOException {
        byte[] good = sampleSnapshot();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x5a;
            Keyspace target = new Keyspace();
            new StringCommands(target).set(NOW, b("keep"), b("me"));
            assertThatThrownBy(() -> KeyspaceRestorer.restore(target, new ByteArrayInputStream(bad)))
                    .as("flipped byte %d", i)
                    .isInstanceOf(SnapshotFormatException.class)
                    .hasMessageStartingWith("keyspace snapshot ");
            assertThat(s(new StringCommands(target).get(NOW, b("keep")))).isEqualTo("me");
            assertThat(target.storedCount()).isEqualTo(1);
        }
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        byte[] good = sampleSnapshot();
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> restore(cut)).as("cut at %d", length)
                    .isInstanceOf(SnapshotFormatException.class);
        }
    }

    @Test
    void errorsNameTheProblem() throws IOException {
        byte[] good = sampleSnapshot();
        assertThatThrownBy(() -> restore(b("GARBAGE!")))
                .hasMessageContaining("bad magic");
        byte[] otherVersion = good.clone();
        otherVersion[4] = 9;
        assertThatThrownBy(() -> restore(otherVersion))
                .hasMessage("keyspace snapshot version 9 is not supported (this build reads versions 1 to 2)");
        byte[] checksum = good.clone();
        checksum[checksum.length - 1] ^= 1;
        assertThatThrownBy(() -> restore(checksum)).hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> restore(Arrays.copyOf(good, good.length - 2)))
                .hasMessage("keyspace snapshot is truncated: input ended inside checksum");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> restore(trailing)).hasMessage("keyspace snapshot is corrupt: unexpected bytes after the checksum");
    }

    @Test
    void restoreReadsFromASlowStreamThatReturnsOneByteAtATime() throws IOException {
        byte[] good = sampleSnapshot();
        InputStream trickle = new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < good.length ? good[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int off, int len) {
                if (pos >= good.length) {
                    return -1;
                }
                buffer[off] = good[pos++];
                return 1;
            }
        };
        Keyspace target = new Keyspace();
        KeyspaceRestorer.restore(target, trickle);
        assertThat(target.storedCount()).isEqualTo(5);
    }

    @Test
    void largeValuesStreamThroughUnchanged() throws IOException {
        byte[] big = new byte[3_000_000];
        new java.util.Random(7).nextBytes(big);
        strings.set(NOW, b("big"), big);
        for (int i = 0; i < 10_000; i++) {
            strings.set(NOW, b("k" + i), b(Integer.toString(i)));
        }
        Keyspace restored = restore(write(keyspace.capture()));
        assertThat(new StringCommands(restored).get(NOW, b("big"))).isEqualTo(big);
        assertThat(restored.storedCount()).isEqualTo(10_001);
        assertThat(s(new StringCommands(restored).get(NOW, b("k9999")))).isEqualTo("9999");
        assertThat(List.of(restored.liveCount(NOW))).containsExactly(10_001);
    }
}
