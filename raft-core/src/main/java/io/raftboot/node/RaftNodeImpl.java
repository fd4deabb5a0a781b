package io.raftboot.node;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KeyspaceReporter;
import io.raftboot.api.KeyspaceStats;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.Consistency;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftListener;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotInfo;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.PeerProgress;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import io.raftboot.storage.SnapshotFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running member: the client-facing entry points (writes, reads per consistency level, status,
 * admin) over the raft and apply threads that {@link NodeLauncher} assembled. Lifecycle and the
 * wiring live in {@link NodeParts}.
 */
public final class RaftNodeImpl implements RaftNode, LocalMember {
    private static final Logger log = LoggerFactory.getLogger(RaftNodeImpl.class);

    private final NodeParts parts;
    /** EX_SOFTWARE: the process ended on an internal error, not on a signal or a clean stop. */
    static final int HALT_STATUS = 70;
    private final RaftOptions options;
    private final RaftLoop raft;
    private final ApplyLoop apply;
    private final HashedWheelTimer timer;
    private final ClusterAdmin admin;
    private final LoadingProgress loadingProgress;
    private final AtomicLong nextRequestId = new AtomicLong();
    /**
     * Writes in the order they were made, for their deadlines: every write has the same timeout, so
     * the oldest expire first and one sweep every {@link #DEADLINE_SWEEP_MILLIS} looks at the head
     * only, instead of a timer entry (and a cancelling callback) per write.
     */
    private final ConcurrentLinkedQueue<PendingWrite> writeDeadlines = new ConcurrentLinkedQueue<>();
    static final long DEADLINE_SWEEP_MILLIS = 10;
    private final long requestTimeoutNanos;
    private final Map<String, Long> lastContact = new ConcurrentHashMap<>();
    private volatile ClientFront.CommandRunner commands;
    private volatile boolean closed;

    RaftNodeImpl(NodeParts parts) {
        this.parts = parts;
        this.options = parts.options;
        this.raft = parts.raft;
        this.apply = parts.apply;
        this.timer = parts.timer;
        this.admin = new ClusterAdmin(raft, timer, parts.tickMillis);
        this.loadingProgress = parts.loading;
        this.requestTimeoutNanos = options.requestTimeout().toNanos();
        scheduleDeadlineSweep();
    }

    // ---------------------------------------------------------------- for the command layer

    public RaftOptions options() {
        return options;
    }

    public String clusterId() {
        return parts.clusterId.get();
    }

    public NodeRole role() {
        return closed ? NodeRole.SHUTDOWN : raft.role();
    }

    public long term() {
        return raft.term();
    }

    public boolean isLeader() {
        return !closed && raft.isLeader();
    }

    public String leaderId() {
        return raft.leaderId();
    }

    /** {@code host:port} of the leader, or null when none is known. */
    public String leaderAddress() {
        return raft.leaderAddress();
    }

    public long commitIndex() {
        return raft.commitIndex();
    }

    public long appliedIndex() {
        return apply.appliedIndex();
    }

    /**
     * Why data commands must wait, or null: the log written before a restart is still being replayed,
     * or a snapshot from the leader is being installed.
     */
    public String loading() {
        return loadingProgress.reply();
    }

    @Override
    public LoadingStatus loadingStatus() {
        return loadingProgress.status();
    }

    /** The state machine's key counts, or null when it does not report them (or fails to). */
    public KeyspaceStats keyspaceStats() {
        KeyspaceReporter reporter = parts.keyspace;
        if (reporter == null) {
            return null;
        }
        try {
            return reporter.keyspaceStats();
        } catch (RuntimeException e) {
            log.warn("{}: the state machine's keyspace stats failed: {}", parts.nodeId, e.toString());
            return null;
        }
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        List<SnapshotInfo> out = new ArrayList<>();
        for (SnapshotFile f : parts.snapshots.list()) {
            out.add(new SnapshotInfo(f.id(), f.meta().index(), f.meta().term(), f.size(), f.checksum()));
        }
        return out;
    }

    @Override
    public java.io.InputStream openSnapshot(String id) throws java.io.IOException {
        for (SnapshotFile f : parts.snapshots.list()) {
            if (f.id().equals(id)) {
                return java.nio.file.Files.newInputStream(f.path());
            }
        }
        throw new java.io.IOException("no snapshot " + id + " on " + parts.nodeId);
    }

    public int applyBacklog() {
        return apply.pending();
    }

    @Override
    public CompletableFuture<Void> addMember(String id, String address, Duration timeout) {
        return admin.addMember(id, address, timeout);
    }

    @Override
    public CompletableFuture<Void> removeMember(String idOrAddress, Duration timeout) {
        return admin.removeMember(idOrAddress, timeout);
    }

    public byte[] readSnapshotChunk(String id, long offset, int count) throws java.io.IOException {
        return parts.snapshots.readChunk(id, offset, count);
    }

    /** Registered user commands by lower-case name. */
    public Map<String, CommandSpec> userCommands() {
        return parts.commands;
    }

    /** Records that a peer was heard from (for RAFTPEERS / status). */
    void heardFrom(String peerId) {
        lastContact.put(peerId, System.nanoTime());
    }

    /**
     * Proposes a write; the future completes with the state machine's reply, with
     * {@code -TIMEOUT outcome unknown}, or exceptionally with {@link NotLeaderException} when it never
     * reached the log.
     */
    /** Set once at start-up, before the node is handed out: {@link #execute} runs commands through it. */
    void runCommandsWith(ClientFront.CommandRunner commands) {
        this.commands = commands;
    }

    @Override
    public CompletableFuture<Object> execute(Command command) {
        return commands.run(command).toCompletableFuture().thenApply(LocalReplies::toJava);
    }

    @Override
    public void holdWakesUntilNextTask(java.util.concurrent.Executor loop) {
        DeferredWakes.holdUntilNextTask(loop);
    }

    public CompletableFuture<RespValue> write(Command command) {
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        if (closed) {
            reply.complete(Replies.SHUTDOWN);
            return reply;
        }
        if (!raft.isLeader()) {
            String leader = raft.leaderAddress();
            options.metrics().proposal(leader == null ? "no_leader" : "redirected");
            reply.completeExceptionally(new NotLeaderException(raft.leaderId(), leader));
            return reply;
        }
        long requestId = nextRequestId.incrementAndGet();
        byte[] payload = CommandPayload.encode(parts.incarnation, requestId, command);
        PendingWrite write = new PendingWrite(requestId, payload, reply);
        writeDeadlines.add(write);
        raft.propose(write);
        return reply;
    }

    /**
     * Runs a read after the configured consistency check, once the applied index reaches
     * {@code minIndex} (read-your-writes after a forwarded write).
     */
    public CompletableFuture<RespValue> read(CommandSpec spec, Command command, long minIndex) {
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        if (closed) {
            reply.complete(Replies.SHUTDOWN);
            return reply;
        }
        PendingRead read = new PendingRead(spec, command, reply, minIndex);
        Consistency consistency = spec.answeredLocally() ? Consistency.LOW : options.consistency();
        if (consistency == Consistency.LOW) {
            apply.submit(new ApplyLoop.Read(read, null, null));
            withTimeout(reply, Replies.TIMEOUT_NO_QUORUM);
            return reply;
        }
        if (!raft.isLeader()) {
            reply.completeExceptionally(new NotLeaderException(raft.leaderId(), raft.leaderAddress()));
            return reply;
        }
        withTimeout(reply, Replies.TIMEOUT_NO_QUORUM);
        if (consistency == Consistency.MEDIUM && raft.leaderReady()) {
            read.minIndex = Math.max(minIndex, raft.commitIndex());
            // the lease is checked on the apply thread right before the read runs
            apply.submit(new ApplyLoop.Read(read, this::leaseHolds, raft::readIndex));
        } else {
            raft.readIndex(read);
        }
        return reply;
    }

    private boolean leaseHolds() {
        return raft.leaderReady() && parts.lease.valid();
    }

    /**
     * A write still held back when its time is up (the leader was overloaded or transferring) never
     * reached the log: it gets the redirect or -CLUSTERDOWN, never an unknown outcome.
     */
    private void expire(PendingWrite write) {
        CompletableFuture<RespValue> reply = write.reply;
        switch (write.deadline()) {
            case IN_LOG -> {
                if (reply.complete(Replies.TIMEOUT_UNKNOWN)) {
                    options.metrics().proposal("timeout");
                }
            }
            case EXPIRED -> {
                if (!raft.isLeader()) {
                    reply.completeExceptionally(new NotLeaderException(raft.leaderId(), raft.leaderAddress()));
                } else {
                    reply.complete(Replies.NOT_ACCEPTED);
                }
            }
            case HELD, PROPOSING -> {
                // the raft thread is deciding right now and answers with what it decides
            }
        }
    }

    private void scheduleDeadlineSweep() {
        if (closed) {
            return;
        }
        try {
            timer.newTimeout(t -> sweepDeadlines(), DEADLINE_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException stopped) {
            // the node is closing
        }
    }

    /**
     * Timer thread: drops answered writes from the head and expires those past their deadline. Writes
     * made on different threads may enter out of order by moments, so one may expire that much late.
     */
    private void sweepDeadlines() {
        try {
            long now = System.nanoTime();
            PendingWrite head;
            while ((head = writeDeadlines.peek()) != null) {
                if (!head.reply.isDone()) {
                    if (now - head.createdNanos < requestTimeoutNanos) {
                        break;
                    }
                    expire(head);
                }
                writeDeadlines.poll();
            }
        } finally {
            scheduleDeadlineSweep();
        }
    }

    private void withTimeout(CompletableFuture<RespValue> reply, RespValue timeoutReply) {
        Timeout timeout = timer.newTimeout(t -> reply.complete(timeoutReply),
                options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        reply.whenComplete((v, e) -> timeout.cancel());
    }

    // ---------------------------------------------------------------- RaftNode

    @Override
    public String id() {
        return parts.nodeId;
    }

    @Override
    public int port() {
        return parts.listener.port();
    }

    @Override
    public int tlsPort() {
        return parts.listener.tlsPort();
    }

    @Override
    public String advertisedAddress() {
        return parts.advertise;
    }

    /** The raft thread's loop, for tests in this package that need to hold that thread. */
    RaftLoop raftLoop() {
        return raft;
    }

    /** Never waits on the raft thread: built from the status it last published. */
    @Override
    public NodeStatus status() {
        return closed ? offlineStatus() : toStatus(raft.status());
    }

    /** {@link #status()}, for callers that compose futures. */
    public CompletableFuture<NodeStatus> statusAsync() {
        return CompletableFuture.completedFuture(status());
    }

    /** The engine's own status as the raft thread last published it (for RAFTSTATS). */
    public CompletableFuture<RaftStatus> raftStatus() {
        return CompletableFuture.completedFuture(raft.status());
    }

    private NodeStatus toStatus(RaftStatus s) {
        Map<String, PeerProgress> progress = new HashMap<>();
        for (PeerProgress p : s.peers()) {
            progress.put(p.id(), p);
        }
        long now = System.nanoTime();
        List<MemberStatus> members = new ArrayList<>();
        for (Member m : s.configuration().members()) {
            PeerProgress p = progress.get(m.id());
            boolean self = m.id().equals(parts.nodeId);
            long match = self ? s.lastIndex() : p != null ? p.matchIndex() : -1;
            Long heard = lastContact.get(m.id());
            long contact = self ? 0 : heard == null ? -1 : TimeUnit.NANOSECONDS.toMillis(now - heard);
            members.add(new MemberStatus(m.id(), m.address(), m.voter(), match, contact, memberState(m, s, contact)));
        }
        // role, term, leader and commit index are published by the raft thread as they change, fresher
        // than the status it publishes now and then
        long commitIndex = Math.max(s.commitIndex(), raft.commitIndex());
        return new NodeStatus(parts.nodeId, clusterId(), closed ? NodeRole.SHUTDOWN : raft.role(), raft.term(),
                raft.leaderId(), raft.leaderAddress(), commitIndex, apply.appliedIndex(), Math.max(s.lastIndex(), commitIndex),
                s.lastTerm(),
                s.snapshot().index(), s.snapshot().term(), options.durability(), options.consistency(), members,
                raft.leaderReady());
    }

    private String memberState(Member m, RaftStatus s, long contactMillis) {
        if (m.id().equals(parts.nodeId)) {
            return role().display();
        }
        if (m.id().equals(s.leaderId())) {
            return NodeRole.LEADER.display();
        }
        boolean reachable = parts.transport.isConnected(m.id())
                || contactMillis >= 0 && contactMillis < 2 * options.electionTimeout().toMillis();
        if (!reachable) {
            return "Unreachable";
        }
        return m.voter() ? NodeRole.FOLLOWER.display() : NodeRole.LEARNER.display();
    }

    private NodeStatus offlineStatus() {
        return new NodeStatus(parts.nodeId, clusterId(), closed ? NodeRole.SHUTDOWN : raft.role(), raft.term(),
                raft.leaderId(), raft.leaderAddress(), raft.commitIndex(), apply.appliedIndex(), -1, -1,
                apply.lastSnapshotIndex(), -1, options.durability(), options.consistency(), List.of(),
                raft.leaderReady());
    }

    @Override
    public CompletableFuture<Void> snapshot() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        apply.submit(new ApplyLoop.Capture(done));
        return done;
    }

    @Override
    public CompletableFuture<Void> transferLeadership(String targetId) {
        return admin.transfer(targetId, options.electionTimeout().multipliedBy(3));
    }

    @Override
    public void addListener(RaftListener listener) {
        parts.events.add(listener);
    }

    @Override
    public void removeListener(RaftListener listener) {
        parts.events.remove(listener);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        handOverLeadership();
        closed = true;
        parts.close();
    }

    private void handOverLeadership() {
        Duration bound = options.shutdownTimeout();
        if (bound.isZero() || !raft.isLeader() || raft.configuration().voters().size() < 2) {
            return;
        }
        try {
            String target = raft.call(engine -> liveSuccessor(engine.status())).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (target == null) {
                log.info("{} has no reachable voter to hand leadership to", parts.nodeId);
                return;
            }
            admin.transfer(target, bound).get(bound.toMillis() + 100, TimeUnit.MILLISECONDS);
            log.info("{} handed leadership to {} before shutting down", parts.nodeId, raft.leaderId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} could not hand over leadership before shutting down: {}", parts.nodeId, e.toString());
        }
    }

    /** The most caught-up voter that is connected right now, or null. */
    private String liveSuccessor(RaftStatus status) {
        PeerProgress best = null;
        for (PeerProgress p : status.peers()) {
            if (p.voter() && !p.id().equals(parts.nodeId) && parts.transport.isConnected(p.id())
                    && (best == null || p.matchIndex() > best.matchIndex())) {
                best = p;
            }
        }
        return best == null ? null : best.id();
    }

    /** Stops the node after a fatal error (storage failure, state machine Error, engine fatal). */
    void fail(Throwable cause) {
        if (closed) {
            return;
        }
        log.error("{} stops after a fatal error: {}", parts.nodeId, cause.toString(), cause);
        if (options.haltOnFatal()) {
            // what is durable stays durable; an orchestrator restarts the process
            log.error("{} halts the process (raft.halt-on-fatal)", parts.nodeId);
            Runtime.getRuntime().halt(HALT_STATUS);
        }
        parts.events.stoppedByFatalError(cause);
        Thread stopper = new Thread(() -> {
            closed = true;
            parts.close();
        }, "raft-stop-" + parts.nodeId);
        stopper.setDaemon(true);
        stopper.start();
    }

    public boolean isClosed() {
        return closed;
    }
}
