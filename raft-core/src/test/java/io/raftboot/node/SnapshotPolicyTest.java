package io.raftboot.node;

import static io.raftboot.node.SnapshotPolicy.NO_SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SnapshotPolicyTest {
    private static final long MB = 1 << 20;
    private final SnapshotPolicy policy = new SnapshotPolicy(100, 1.0, 64 * MB);

    @Test
    void aFirstSnapshotIsDueAtTheEntryThresholdAlone() {
        assertThat(policy.due(99, 10 * MB, NO_SNAPSHOT)).isFalse();
        assertThat(policy.due(100, 1, NO_SNAPSHOT)).isTrue();
    }

    @Test
    void afterASnapshotTheLogMustAlsoGrowToItsSize() {
        assertThat(policy.due(100, MB - 1, MB)).as("threshold met, log below the snapshot's size").isFalse();
        assertThat(policy.due(100, MB, MB)).isTrue();
        assertThat(policy.due(99, 2 * MB, MB)).as("log large enough, threshold not met").isFalse();
    }

    @Test
    void theRatioScalesTheLogNeeded() {
        SnapshotPolicy twice = new SnapshotPolicy(100, 2.0, 64 * MB);
        assertThat(twice.due(100, 2 * MB - 1, MB)).isFalse();
        assertThat(twice.due(100, 2 * MB, MB)).isTrue();
        SnapshotPolicy half = new SnapshotPolicy(100, 0.5, 64 * MB);
        assertThat(half.due(100, MB / 2, MB)).isTrue();
    }

    @Test
    void ratioZeroLeavesTheEntryThresholdAlone() {
        SnapshotPolicy entriesOnly = new SnapshotPolicy(100, 0, 64 * MB);
        assertThat(entriesOnly.due(100, 1, 10 * MB)).isTrue();
        assertThat(entriesOnly.due(99, 1, 10 * MB)).isFalse();
    }

    @Test
    void theLogCapMakesASnapshotDueWhateverTheThresholdAndRatio() {
        assertThat(policy.due(5, 64 * MB - 1, 1024 * MB)).isFalse();
        assertThat(policy.due(5, 64 * MB, 1024 * MB)).isTrue();
        assertThat(policy.due(5, 64 * MB, NO_SNAPSHOT)).isTrue();
    }

    @Test
    void nothingAppliedIsNeverDue() {
        SnapshotPolicy tiny = new SnapshotPolicy(1, 0, 1);
        assertThat(tiny.due(0, 0, NO_SNAPSHOT)).isFalse();
        assertThat(tiny.due(1, 1, NO_SNAPSHOT)).isTrue();
    }

    /**
     * The property the policy exists for: with the same writes, bytes spent on snapshots stay within
     * log bytes / ratio (plus the first snapshot, which has nothing to compare with) for a small and a
     * large state alike, where the entry count alone makes them grow with the state's size.
     */
    @Test
    void snapshotBytesStayAShareOfLogBytesWhateverTheStateSize() {
        long writes = 1_000_000;
        long entryBytes = 100;
        SnapshotPolicy uncapped = new SnapshotPolicy(100, 1.0, Long.MAX_VALUE);
        for (long stateSize : new long[] {10_000, 100 * MB}) {
            long snapshotBytes = snapshotBytesWritten(uncapped, writes, entryBytes, stateSize);
            assertThat(snapshotBytes).as("state of %d bytes", stateSize)
                    .isLessThanOrEqualTo(writes * entryBytes + stateSize);
        }
        SnapshotPolicy entriesOnly = new SnapshotPolicy(100, 0, Long.MAX_VALUE);
        assertThat(snapshotBytesWritten(entriesOnly, writes, entryBytes, 100 * MB))
                .as("the entry threshold alone").isGreaterThan(100 * writes * entryBytes);
    }

    /** Applies {@code writes} entries that overwrite a state of fixed size, snapshotting whenever due. */
    private static long snapshotBytesWritten(SnapshotPolicy policy, long writes, long entryBytes, long stateSize) {
        long lastSize = NO_SNAPSHOT;
        long entriesSince = 0;
        long total = 0;
        for (long i = 0; i < writes; i++) {
            entriesSince++;
            if (policy.due(entriesSince, entriesSince * entryBytes, lastSize)) {
                total += stateSize;
                lastSize = stateSize;
                entriesSince = 0;
            }
        }
        return total;
    }

    @Test
    void refusesValuesThatMakeNoPolicy() {
        assertThatThrownBy(() -> new SnapshotPolicy(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotPolicy(1, -0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotPolicy(1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotPolicy(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
