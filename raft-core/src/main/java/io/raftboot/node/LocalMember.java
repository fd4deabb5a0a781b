package io.raftboot.node;

import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KeyspaceStats;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotInfo;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.resp.RespValue;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the command layer (dispatcher and built-in commands) may ask of the member it serves:
 * identity, status, membership and leadership changes, snapshots, and the submission of user
 * writes and reads. Everything else of the running node stays behind it, so the commands can be
 * read, tested and changed without the node's threads and storage.
 *
 * <p>Called on network threads: no method blocks; work that takes time completes a future.
 */
public interface LocalMember {

    /** The id a member is known by when none is configured: {@code host-port} of its address. */
    static String defaultId(String address) {
        return address.replace("[", "").replace("]", "").replace(':', '-');
    }

    String id();

    int port();

    String advertisedAddress();

    RaftOptions options();

    /** Null until the cluster's id is known (a joining member learns it from the leader). */
    String clusterId();

    NodeRole role();

    boolean isLeader();

    String leaderId();

    /** {@code host:port} of the leader, or null when none is known. */
    String leaderAddress();

    long commitIndex();

    /** The index of the last entry this member applied (WATCH: what later reads see at least). */
    long appliedIndex();

    /** Entries committed but not yet applied. */
    int applyBacklog();

    /** Why data commands must wait ({@code -LOADING ...}), or null. */
    String loading();

    /** The state machine's commands by lower-case name. */
    Map<String, CommandSpec> userCommands();

    LoadingStatus loadingStatus();

    /** The state machine's key counts, or null when it does not report them. */
    KeyspaceStats keyspaceStats();

    CompletableFuture<NodeStatus> statusAsync();

    /** The engine's own status, for the keys of {@code RAFTSTATS} the public status does not carry. */
    CompletableFuture<RaftStatus> raftStatus();

    /**
     * Proposes a user write; completes with the state machine's reply, or exceptionally with
     * {@link NotLeaderException} when it never reached the log.
     */
    CompletableFuture<RespValue> write(Command command);

    /**
     * Runs a user read after the configured consistency check, once the applied index reaches
     * {@code minIndex}; exceptionally {@link NotLeaderException} when only the leader may answer.
     */
    CompletableFuture<RespValue> read(CommandSpec spec, Command command, long minIndex);

    /**
     * Lets the calling event loop hand the raft thread the proposals of one pass over its ready
     * connections together, once {@code loop} runs its next task (see {@link DeferredWakes}).
     */
    void holdWakesUntilNextTask(Executor loop);

    /** Adds a member as a learner and promotes it once caught up; fails with a {@link ClusterAdmin} reason. */
    CompletableFuture<Void> addMember(String id, String address, Duration timeout);

    CompletableFuture<Void> removeMember(String idOrAddress, Duration timeout);

    /** Hands leadership to {@code targetId}, or to the most caught-up voter when null. */
    CompletableFuture<Void> transferLeadership(String targetId);

    /** Takes a snapshot now; completes once it is written and the log compacted. */
    CompletableFuture<Void> snapshot();

    /** The snapshots kept, newest first. */
    List<SnapshotInfo> snapshots();

    byte[] readSnapshotChunk(String id, long offset, int count) throws IOException;
}
