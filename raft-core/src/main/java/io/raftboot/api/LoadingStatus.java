package io.raftboot.api;

/**
 * Whether this member is loading its dataset: replaying the log it wrote before a restart, or
 * installing a snapshot from the leader. While it is, data commands answer {@code -LOADING}.
 *
 * @param phase        {@code "replaying log"}, {@code "installing snapshot"}, or null when not loading
 * @param appliedIndex the last entry applied so far
 * @param targetIndex  the index loading ends at (the commit index known before the restart), or 0 when unknown
 */
public record LoadingStatus(boolean loading, String phase, long appliedIndex, long targetIndex) {

    public static final LoadingStatus READY = new LoadingStatus(false, null, 0, 0);

    /** Share of the replay done, 0 to 100; 100 when not loading, 0 while a snapshot installs. */
    public int percent() {
        if (!loading) {
            return 100;
        }
        if (targetIndex <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, appliedIndex * 100 / targetIndex));
    }
}
