package io.raftboot.api;

/**
 * A member whose start is split in two, so that the slow half overlaps whatever else the process
 * does meanwhile (Spring creating the rest of its context): from the moment it is prepared, it
 * recovers its local state on a background thread (locks and opens the data dir, restores the newest
 * snapshot, replays the committed log into the state machine); {@link #start()} then binds its
 * port and joins the cluster. It answers {@code -LOADING} to data commands until the replay reaches
 * the commit index it knew before, exactly as a member opened in one step.
 * <p>
 * Prepare with {@code io.raftboot.RaftNodes.prepare(options, stateMachine)}; either start it once or
 * close it.
 */
public interface PreparedNode extends AutoCloseable {

    /**
     * Waits until the local state is open (not until the replay is done), binds the listener and
     * starts the member.
     *
     * @throws IllegalStateException when the member cannot start (the message says why, as
     *                               {@code RaftNodes.open} would), or when started or closed before
     */
    RaftNode start();

    /**
     * Abandons a member that was not started: stops its recovery (waiting for the step under way)
     * and releases its data dir. Does nothing once {@link #start()} returned: close the started
     * {@link RaftNode} instead.
     */
    @Override
    void close();
}
