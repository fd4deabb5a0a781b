package io.raftboot.storage;

/** Start-up checks across the log and the snapshot that no single store can make on its own. */
public final class StorageRecovery {
    private StorageRecovery() {
    }

    /**
     * Fails when entries between the snapshot and the log are missing: the first log index is above
     * {@code snapshotIndex + 1}. A log that ends before the snapshot is fine (the snapshot supersedes
     * it; the runtime then resets the log to the snapshot index).
     *
     * @param snapshotIndex index of the newest snapshot, 0 when there is none
     * @param where         names the data directory in the message
     */
    public static void check(LogStore log, long snapshotIndex, String where) {
        long first = log.firstIndex();
        if (first > snapshotIndex + 1) {
            throw new CorruptLogException("gap between snapshot and log in " + where + ": snapshot ends at index "
                    + snapshotIndex + " but the log starts at " + first + "; entries " + (snapshotIndex + 1)
                    + ".." + (first - 1) + " are missing");
        }
    }

    /**
     * True when the log must be reset to the snapshot index after {@link #check}: it ends before the
     * snapshot, or its entry at the snapshot index has another term (the snapshot came from a leader
     * whose log differs). Otherwise the log continues the snapshot and is kept.
     */
    public static boolean logSupersededBySnapshot(LogStore log, long snapshotIndex, long snapshotTerm) {
        if (snapshotIndex == 0) {
            return false;
        }
        if (log.lastIndex() < snapshotIndex) {
            return true;
        }
        return snapshotIndex >= log.firstIndex() && log.term(snapshotIndex) != snapshotTerm;
    }
}
