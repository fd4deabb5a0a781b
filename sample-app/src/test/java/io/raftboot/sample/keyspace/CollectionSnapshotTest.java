package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Snapshots (format version 2) of hashes, lists and sets, and copy-on-write capture of each. */
class CollectionSnapshotTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final HashCommands hashes = new HashCommands(keyspace);
    private final ListCommands lists = new ListCommands(keyspace);
    private final SetCommands sets = new SetCommands(keyspace);

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

    private void fill() {
        new StringCommands(keyspace).set(NOW, b("str"), b("v"));
        hashes.hset(NOW, b("h"), bs("f1", "v1", "f2", "v2"));
        lists.rpush(NOW, b("l"), bs("a", "b", "c"));
        sets.sadd(NOW, b("s"), bs("x", "y"));
        new ExpiryCommands(keyspace).pexpire(NOW, b("l"), b("5000"));
    }

    @Test
    void everyTypeRoundTripsInVersion2() throws IOException {
        fill();
        byte[] bytes = write(keyspace.capture());
        assertThat(bytes[4]).isEqualTo((byte) 2);
        Keyspace restored = restore(bytes);
        assertThat(strings(new HashCommands(restored).hgetall(NOW, b("h")))).isEqualTo(strings(hashes.hgetall(NOW, b("h"))));
        assertThat(strings(new ListCommands(restored).lrange(NOW, b("l"), b("0"), b("-1")))).containsExactly("a", "b", "c");
        assertThat(strings(new SetCommands(restored).smembers(NOW, b("s")))).isEqualTo(strings(sets.smembers(NOW, b("s"))));
        assertThat(new KeyCommands(restored).type(NOW, b("str"))).isEqualTo(SimpleReply.STRING);
        assertThat(new ExpiryCommands(restored).pttl(NOW, b("l"))).isEqualTo(5000);
        assertThat(write(restored.capture())).isEqualTo(bytes);
    }

    @Test
    void aKeyspaceBackToStringsOnlyIsWrittenInVersion1Again() throws IOException {
        fill();
        new KeyCommands(keyspace).del(NOW, bs("h", "l", "s"));
        assertThat(write(keyspace.capture())[4]).isEqualTo((byte) 1);
        lists.rpush(NOW, b("l"), bs("a"));
        lists.rpop(NOW, b("l"));
        assertThat(write(keyspace.capture())[4]).isEqualTo((byte) 1);
    }

    @Test
    void corruptCollectionsAreRefused() throws IOException {
        fill();
        byte[] good = write(keyspace.capture());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x21;
            assertThatThrownBy(() -> restore(bad)).as("flipped byte %d", i).isInstanceOf(SnapshotFormatException.class);
        }
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> restore(cut)).as("cut at %d", length).isInstanceOf(SnapshotFormatException.class);
        }
    }

    @Test
    void aHashWriteAfterCaptureDoesNotLeakIntoTheSnapshot() throws IOException {
        hashes.hset(NOW, b("h"), bs("a", "1", "b", "2"));
        KeyspaceSnapshot snapshot = keyspace.capture();
        hashes.hset(NOW, b("h"), bs("a", "changed", "c", "3"));
        hashes.hdel(NOW, b("h"), bs("b"));
        hashes.hincrby(NOW, b("h"), b("n"), b("1"));
        Keyspace restored = restore(write(snapshot));
        assertThat(strings(new HashCommands(restored).hmget(NOW, b("h"), bs("a", "b", "c", "n"))))
                .containsExactly("1", "2", null, null);
        // the live hash kept its writes, and later writes need no further copy
        assertThat(strings(hashes.hmget(NOW, b("h"), bs("a", "b", "c", "n")))).containsExactly("changed", null, "3", "1");
        HashValue live = keyspace.read(Key.of("h"), NOW, HashValue.class);
        hashes.hset(NOW, b("h"), bs("d", "4"));
        assertThat(keyspace.read(Key.of("h"), NOW, HashValue.class)).isSameAs(live);
    }

    @Test
    void aLargeHashKeepsEachCapturesMomentWhileWritesGrowAndShrinkIt() throws IOException {
        for (int i = 0; i < 2_000; i++) {
            hashes.hset(NOW, b("h"), bs("field:" + i, "v" + i));
        }
        byte[] expectedFirst = write(keyspace.capture());
        KeyspaceSnapshot first = keyspace.capture();
        for (int i = 0; i < 4_000; i += 2) {
            hashes.hset(NOW, b("h"), bs("field:" + i, "changed", "more:" + i, "x"));
        }
        byte[] expectedSecond = write(keyspace.capture());
        KeyspaceSnapshot second = keyspace.capture();
        for (int i = 0; i < 4_000; i++) {
            hashes.hdel(NOW, b("h"), bs("field:" + i, "more:" + i));
        }
        hashes.hset(NOW, b("h"), bs("last", "1"));

        assertThat(write(second)).isEqualTo(expectedSecond);
        assertThat(write(first)).isEqualTo(expectedFirst);
        assertThat(strings(hashes.hgetall(NOW, b("h")))).containsExactly("last", "1");
        Keyspace restored = restore(expectedFirst);
        assertThat(new HashCommands(restored).hlen(NOW, b("h"))).isEqualTo(2_000);
        assertThat(strings(new HashCommands(restored).hmget(NOW, b("h"), bs("field:0", "field:1999"))))
                .containsExactly("v0", "v1999");
        assertThat(write(restored.capture())).isEqualTo(expectedFirst);
    }

    @Test
    void aListWriteAfterCaptureDoesNotLeakIntoTheSnapshot() throws IOException {
        lists.rpush(NOW, b("l"), bs("a", "b", "c"));
        KeyspaceSnapshot snapshot = keyspace.capture();
        lists.lpush(NOW, b("l"), bs("z"));
        lists.lset(NOW, b("l"), b("1"), b("A"));
        lists.rpop(NOW, b("l"));
        lists.ltrim(NOW, b("l"), b("0"), b("0"));
        Keyspace restored = restore(write(snapshot));
        assertThat(strings(new ListCommands(restored).lrange(NOW, b("l"), b("0"), b("-1")))).containsExactly("a", "b", "c");
        assertThat(strings(lists.lrange(NOW, b("l"), b("0"), b("-1")))).containsExactly("z");
    }

    @Test
    void aSetWriteAfterCaptureDoesNotLeakIntoTheSnapshot() throws IOException {
        sets.sadd(NOW, b("s"), bs("a", "b", "c"));
        sets.sadd(NOW, b("t"), bs("q"));
        KeyspaceSnapshot snapshot = keyspace.capture();
        sets.sadd(NOW, b("s"), bs("d"));
        sets.srem(NOW, b("s"), bs("a"));
        sets.spop(NOW, 42, b("s"), b("2"));
        sets.sunionstore(NOW, b("t"), bs("s"));
        Keyspace restored = restore(write(snapshot));
        assertThat(strings(new SetCommands(restored).smembers(NOW, b("s")))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(strings(new SetCommands(restored).smembers(NOW, b("t")))).containsExactly("q");
    }

    @Test
    void aSortedSetWriteAfterCaptureDoesNotLeakIntoTheSnapshot() throws IOException {
        ZSetCommands zsets = new ZSetCommands(keyspace);
        zsets.zadd(NOW, b("z"), bs("1", "a", "2", "b", "-inf", "c"));
        KeyspaceSnapshot snapshot = keyspace.capture();
        zsets.zadd(NOW, b("z"), bs("10", "a", "3", "d"));
        zsets.zpopmin(NOW, b("z"));
        zsets.zrem(NOW, b("z"), bs("b"));
        Keyspace restored = restore(write(snapshot));
        ZSetCommands restoredZsets = new ZSetCommands(restored);
        assertThat(strings(restoredZsets.zrange(NOW, b("z"), b("0"), b("-1"), bs("WITHSCORES"))))
                .containsExactly("c", "-inf", "a", "1", "b", "2");
        assertThat(strings(zsets.zrange(NOW, b("z"), b("0"), b("-1")))).containsExactly("d", "a");
        assertThat(write(restored.capture())).isEqualTo(write(restore(write(restored.capture())).capture()));
    }

    @Test
    void afterTheCaptureIsReleasedWritesChangeCollectionsInPlaceAgain() throws IOException {
        sets.sadd(NOW, b("s"), bs("a"));
        write(keyspace.capture());
        SetValue before = keyspace.read(Key.of("s"), NOW, SetValue.class);
        sets.sadd(NOW, b("s"), bs("b"));
        assertThat(keyspace.read(Key.of("s"), NOW, SetValue.class)).isSameAs(before);
    }
}
