package io.raftboot.sample;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.raftboot.sample.keyspace.SnapshotFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer target for the keyspace snapshot restorer (a snapshot arrives from the leader or from disk).
 * It goes through the state machine's {@code @Restore} entry point, which hands the stream to
 * {@code KeyspaceRestorer.restore}, and observes state only through {@code @Snapshot}, so it does not
 * depend on how the keyspace stores its data. Runs its kept inputs in every build;
 * {@code scripts/fuzz.sh} fuzzes it.
 */
class KeyspaceRestorerJazzerTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * The first byte chooses whether the rest is restored as is, or with a correct CRC32C appended so
     * that fuzzing reaches past the checksum. A restore either refuses with
     * {@link SnapshotFormatException}, leaving the state exactly as it was, or succeeds, and then the
     * restored state snapshots to bytes that restore to the same state; it allocates in proportion
     * to the input, whatever lengths and counts the input declares.
     */
    @FuzzTest(maxDuration = "2m")
    void restoreArbitraryBytes(byte[] input) throws IOException {
        byte[] snapshot = input.length > 0 && (input[0] & 1) == 1 ? withChecksum(input) : input;
        KeyspaceStateMachine machine = new KeyspaceStateMachine();
        machine.restore(new ByteArrayInputStream(validSnapshot()));
        byte[] before = snapshotOf(machine);
        try {
            machine.restore(new ByteArrayInputStream(snapshot));
        } catch (SnapshotFormatException refused) {
            assertThat(snapshotOf(machine)).as("a refused snapshot leaves the state as it was").isEqualTo(before);
            assertAllocationProportional(snapshot);
            return;
        }
        byte[] after = snapshotOf(machine);
        KeyspaceStateMachine copy = new KeyspaceStateMachine();
        copy.restore(new ByteArrayInputStream(after));
        assertThat(snapshotOf(copy)).isEqualTo(after);
        assertAllocationProportional(snapshot);
    }

    private static void assertAllocationProportional(byte[] snapshot) {
        restoreIgnoringOutcome(snapshot); // warm: class loading does not count
        long start = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        restoreIgnoringOutcome(snapshot);
        long used = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
        assertThat(used).as("bytes allocated restoring %d bytes", snapshot.length)
                .isLessThanOrEqualTo(512 * 1024 + 256L * snapshot.length);
    }

    private static void restoreIgnoringOutcome(byte[] snapshot) {
        try {
            new KeyspaceStateMachine().restore(new ByteArrayInputStream(snapshot));
        } catch (IOException refused) {
            // only the allocation matters here
        }
    }

    private static byte[] snapshotOf(KeyspaceStateMachine machine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.snapshot().writeTo(out);
        return out.toByteArray();
    }

    /** A snapshot with one key, "k" = "v", no expiry, last write time 1. */
    private static byte[] validSnapshot() {
        return withChecksum(new byte[] {0, 'R', 'B', 'K', 'S', 1, 1, 1, 1, 'k', 1, 'v', 0});
    }

    private static byte[] withChecksum(byte[] input) {
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        CRC32C crc = new CRC32C();
        crc.update(body);
        int value = (int) crc.getValue();
        byte[] out = Arrays.copyOf(body, body.length + 4);
        for (int i = 0; i < 4; i++) {
            out[body.length + i] = (byte) (value >>> (24 - 8 * i));
        }
        return out;
    }
}
