package io.raftboot.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running member of a Raft cluster, serving RESP clients and peers on one port. Open with
 * {@code io.raftboot.RaftNodes.open(options, stateMachine)}, close when done.
 */
public interface RaftNode extends AutoCloseable {

    /** This member's id. */
    String id();

    /** The port the RESP listener is bound to (useful with port 0). */
    int port();

    /**
     * The port of the separate TLS listener ({@link TlsOptions#withSeparatePort}), or -1 when there is
     * none (no TLS, or TLS on {@link #port()} itself).
     */
    default int tlsPort() {
        return -1;
    }

    /** The {@code host:port} clients and peers are told to use. */
    String advertisedAddress();

    NodeStatus status();

    /**
     * Runs a command on this member exactly as a client connected to it would (the same lookup, arity
     * check, validation, consistency check and {@code raft.redirect} handling): for application code,
     * such as work done only while this member leads. Completes with the reply as Java values:
     * {@code null} (null bulk or array), {@code Long}, {@code byte[]} (bulk), {@code String} (status),
     * {@code List<Object>} (array; an error inside it is a {@link CommandException} element). An
     * error reply, a redirect included ({@code TRY host:port}, {@code CLUSTERDOWN ...}), completes it
     * exceptionally with a {@link CommandException} whose message is the error's text, code first.
     */
    CompletableFuture<Object> execute(Command command);

    /** Takes a snapshot now; completes once it is written and the log compacted. */
    CompletableFuture<Void> snapshot();

    /**
     * Hands leadership to {@code targetId}, or to the most caught-up voter when null; completes once
     * leadership moved. Only on the leader.
     */
    CompletableFuture<Void> transferLeadership(String targetId);

    void addListener(RaftListener listener);

    void removeListener(RaftListener listener);

    /**
     * Whether this member is loading its dataset (replaying its log after a restart, or installing a
     * snapshot from the leader); data commands answer {@code -LOADING} meanwhile.
     */
    default LoadingStatus loadingStatus() {
        return LoadingStatus.READY;
    }

    /** The snapshots this member keeps, newest first: what can be backed up. */
    default List<SnapshotInfo> snapshots() {
        return List.of();
    }

    /**
     * The whole file of one of {@link #snapshots()}, as {@code raft.restore-from} reads it. The
     * stream stays readable even if retention removes the file meanwhile.
     *
     * @throws IOException when no snapshot has that id
     */
    default InputStream openSnapshot(String id) throws IOException {
        throw new IOException("no snapshot " + id);
    }

    /**
     * Stops the node: a leader first hands over leadership (bounded by {@code raft.shutdown-timeout}),
     * then listeners, threads and files are closed.
     */
    @Override
    void close();
}
