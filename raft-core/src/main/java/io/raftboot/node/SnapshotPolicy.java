package io.raftboot.node;

/**
 * Decides whether enough has been written since the last snapshot to take another one (the
 * {@code raft.snapshot.*} trigger). Pure: the caller counts and asks, the interval between questions
 * is the caller's.
 *
 * <p>An entry count alone makes snapshot work grow with the state: a state of S bytes written every
 * {@code threshold} entries costs S per {@code threshold} writes, however small those writes are.
 * Requiring the log written since the last snapshot to reach {@code logSizeRatio} times that
 * snapshot's size keeps snapshot bytes at most {@code 1 / logSizeRatio} of log bytes, whatever the
 * state's size. The entry threshold still has to be met, so a small state is not snapshotted on
 * every few writes either. {@code maxLogBytes} bounds the log (disk, its in-memory index, replay time
 * at restart) for a state so large that the ratio alone would let the log grow too far.
 */
final class SnapshotPolicy {
    /** The size of the last snapshot when there is none (or it is not known): the entry threshold decides alone. */
    static final long NO_SNAPSHOT = -1;

    private final long entryThreshold;
    private final double logSizeRatio;
    private final long maxLogBytes;

    SnapshotPolicy(long entryThreshold, double logSizeRatio, long maxLogBytes) {
        if (entryThreshold < 1 || !(logSizeRatio >= 0) || Double.isInfinite(logSizeRatio) || maxLogBytes < 1) {
            throw new IllegalArgumentException("snapshot policy: threshold " + entryThreshold + ", ratio "
                    + logSizeRatio + ", max log bytes " + maxLogBytes);
        }
        this.entryThreshold = entryThreshold;
        this.logSizeRatio = logSizeRatio;
        this.maxLogBytes = maxLogBytes;
    }

    /**
     * @param entriesSince     entries applied since the last snapshot
     * @param logBytesSince    payload bytes of those entries
     * @param lastSnapshotSize bytes of the last snapshot, or {@link #NO_SNAPSHOT}
     */
    boolean due(long entriesSince, long logBytesSince, long lastSnapshotSize) {
        if (entriesSince <= 0) {
            return false;
        }
        if (logBytesSince >= maxLogBytes) {
            return true;
        }
        if (entriesSince < entryThreshold) {
            return false;
        }
        return lastSnapshotSize == NO_SNAPSHOT || logBytesSince >= logSizeRatio * lastSnapshotSize;
    }
}
