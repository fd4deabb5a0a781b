package io.raftboot.node;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftMetrics;
import io.raftboot.consensus.CommitHint;
import io.raftboot.consensus.ConfigChange;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.ProposalResult;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.consensus.ReadState;
import io.raftboot.consensus.Ready;
import io.raftboot.consensus.Role;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.consensus.SoftState;
import io.raftboot.resp.Replies;
import io.raftboot.storage.LogCommand;
import io.raftboot.storage.LogWriter;
import io.raftboot.storage.SnapshotFile;
import io.raftboot.storage.SnapshotStore;
import io.raftboot.storage.WriteBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raft thread: the only thread that touches the {@link RaftEngine}. Each turn it runs the tasks
 * posted to it, proposes every queued write in one call, asks one read index for every queued read,
 * ticks when a tick is due, and executes the engine's {@link Ready} in the order Raft requires: send,
 * persist (through the log writer), send what promised the persisted state, apply, release reads.
 */
final class RaftLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RaftLoop.class);

    private final String selfId;
    private final RaftEngine engine;
    private final StoreLogView logView;
    private final LogWriter writer;
    private final PeerNetwork network;
    private final ApplyLoop apply;
    private final SnapshotStore snapshots;
    private final ConcurrentHashMap<Long, PendingWrite> writes;
    private final LeaseClock lease;
    private final NodeEvents events;
    private final RaftMetrics metrics;
    private final long tickNanos;
    private final Consumer<Throwable> onFatal;

    private final Mailbox<Runnable> mailbox = new Mailbox<>();
    private final ConcurrentLinkedQueue<PendingWrite> proposals = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PendingRead> reads = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<PendingWrite> heldWrites = new ArrayDeque<>();
    private final ArrayDeque<PendingRead> heldReads = new ArrayDeque<>();
    private final Map<Long, List<PendingRead>> readBatches = new HashMap<>();
    private final List<PendingWrite> proposing = new ArrayList<>();
    /** Writes in the log whose local append was not submitted yet, in index order (for the fsync stage). */
    private final ArrayList<PendingWrite> awaitingAppend = new ArrayList<>();
    private final Map<String, String> knownPeers = new HashMap<>();
    /**
     * Members the configuration dropped, still routable until the entry that dropped them commits: a
     * leader removing itself needs the acknowledgements that commit its removal, and a removed
     * follower must still hear the commit that tells it so.
     */
    private final Map<String, Departing> departing = new HashMap<>();

    private record Departing(String address, long untilCommitted) {
    }
    private static final long HINT_INTERVAL_NANOS = 1_000_000_000L;
    private static final long STATUS_REFRESH_NANOS = 1_000_000L;
    private long nextReadBatch = 1;
    private long lastHintNanos;
    /** The last committed entry handed out for applying: committed and locally durable, so a hint may name it. */
    private CommitHint committedThrough = CommitHint.NONE;
    private long savedHint;
    private long lastStamp;
    private volatile boolean running = true;

    // published for other threads; written by the raft thread only
    private volatile NodeRole role = NodeRole.FOLLOWER;
    private volatile long term;
    private volatile String leaderId;
    private volatile String leaderAddress;
    private volatile long commitIndex;
    private volatile boolean ownTermCommitted;
    private volatile Configuration configuration = Configuration.EMPTY;
    /**
     * The engine's status as this thread last published it: before it hands committed entries to the
     * apply thread or reports a snapshot done (so whoever hears of a change sees it), else at most a
     * millisecond old while it works and a tick old when idle. Status readers, health checks and
     * RAFTSTATS never wait on this thread.
     */
    private volatile RaftStatus publishedStatus;
    private long publishedAt;

    RaftLoop(String selfId, RaftEngine engine, StoreLogView logView, LogWriter writer, PeerNetwork network,
             ApplyLoop apply, SnapshotStore snapshots, ConcurrentHashMap<Long, PendingWrite> writes, LeaseClock lease,
             NodeEvents events, RaftMetrics metrics, long tickNanos, Consumer<Throwable> onFatal) {
        this.selfId = selfId;
        this.engine = engine;
        this.logView = logView;
        this.writer = writer;
        this.network = network;
        this.apply = apply;
        this.snapshots = snapshots;
        this.writes = writes;
        this.lease = lease;
        this.events = events;
        this.metrics = metrics;
        this.tickNanos = tickNanos;
        this.onFatal = onFatal;
        this.publishedStatus = engine.status();
        // entries up to it may be replayed by the apply thread, never handed out here
        this.commitIndex = publishedStatus.commitIndex();
    }

    // ---- called from any thread ----

    void propose(PendingWrite write) {
        proposals.add(write);
        mailbox.wake();
    }

    void readIndex(PendingRead read) {
        reads.add(read);
        mailbox.wake();
    }

    void deliver(List<Message> messages) {
        mailbox.post(() -> {
            for (Message message : messages) {
                engine.step(message);
            }
        });
    }

    /** Runs {@code call} on the raft thread. */
    <T> CompletableFuture<T> call(Function<RaftEngine, T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("node is stopped"));
            return result;
        }
        mailbox.post(new Call<>(call, result));
        return result;
    }

    void post(Runnable task) {
        mailbox.post(task);
    }

    NodeRole role() {
        return role;
    }

    long term() {
        return term;
    }

    String leaderId() {
        return leaderId;
    }

    String leaderAddress() {
        return leaderAddress;
    }

    long commitIndex() {
        return commitIndex;
    }

    boolean isLeader() {
        return role == NodeRole.LEADER;
    }

    /** True on a leader whose first entry of its own term has committed (reads may be served). */
    boolean leaderReady() {
        return role == NodeRole.LEADER && ownTermCommitted;
    }

    Configuration configuration() {
        return configuration;
    }

    void stop() {
        running = false;
        mailbox.wakeNow();
    }

    // ---- the raft thread ----

    @Override
    public void run() {
        mailbox.bind(Thread.currentThread());
        refreshConfiguration();
        updateNetwork();
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (running) {
                for (Runnable task : mailbox.drain()) {
                    task.run();
                }
                proposeQueued();
                readQueued();
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    saveCommitHintNow(now);
                    engine.tick();
                    nextTick += tickNanos;
                    if (now - nextTick >= 0) {
                        nextTick = now + tickNanos; // fell behind (GC, pause): don't replay missed ticks in a burst
                    }
                }
                processReady();
                publishStatus(now);
                mailbox.await(nextTick, this::hasQueuedWork);
            }
        } catch (Throwable t) {
            log.error("raft thread of {} stopped: {}", selfId, t.toString(), t);
            running = false;
            onFatal.accept(t);
        } finally {
            failAllPending(Replies.SHUTDOWN);
            saveCommitHintAtStop();
        }
    }

    /**
     * At the end of a pass, for what changed without anyone waiting on it (progress, contact, ticks):
     * rate-limited, as building the status on every pass would cost the hot path.
     */
    private void publishStatus(long now) {
        if (now - publishedAt >= STATUS_REFRESH_NANOS) {
            publishStatusNow(now);
        }
    }

    private void publishStatusNow(long now) {
        publishedStatus = engine.status();
        publishedAt = now;
    }

    /** Any thread: the engine's status as last published, never waiting on the raft thread. */
    RaftStatus status() {
        return publishedStatus;
    }

    /** Work that reached the raft thread without a mailbox task (a stop counts: it must not wait for a tick). */
    private boolean hasQueuedWork() {
        return !proposals.isEmpty() || !reads.isEmpty() || !running;
    }

    private void proposeQueued() {
        PendingWrite write;
        while ((write = proposals.poll()) != null) {
            heldWrites.add(write);
        }
        if (heldWrites.isEmpty()) {
            return;
        }
        if (role != NodeRole.LEADER) {
            redirectHeld();
            return;
        }
        proposing.clear();
        List<byte[]> payloads = new ArrayList<>(heldWrites.size());
        long now = System.currentTimeMillis();
        lastStamp = Math.max(lastStamp, now);
        for (PendingWrite w : heldWrites) {
            if (w.reply.isDone() || !w.startProposing()) {
                continue; // timed out while held: it never reaches the log
            }
            CommandPayload.stamp(w.payload, lastStamp);
            payloads.add(w.payload);
            proposing.add(w);
        }
        if (payloads.isEmpty()) {
            heldWrites.clear();
            return;
        }
        ProposalResult result = engine.propose(payloads);
        if (result instanceof ProposalResult.Accepted accepted) {
            heldWrites.clear();
            long index = accepted.firstIndex();
            long proposedNanos = System.nanoTime();
            for (PendingWrite w : proposing) {
                w.term = accepted.term();
                w.index = index++;
                w.proposedNanos = proposedNanos;
                awaitingAppend.add(w);
                writes.put(w.requestId, w);
                if (w.enteredLog() && w.reply.complete(Replies.TIMEOUT_UNKNOWN)) {
                    metrics.proposal("timeout");
                }
            }
            // one counter update for the batch, not one per write
            metrics.proposals("accepted", proposing.size());
        } else if (result instanceof ProposalResult.Rejected rejected) {
            switch (rejected.reason()) {
                case OVERLOADED, TRANSFERRING -> {
                    // held: retried next turn; the request timeout bounds the wait
                    for (PendingWrite w : proposing) {
                        if (w.heldAgain()) {
                            w.reply.complete(Replies.NOT_ACCEPTED);
                        }
                    }
                }
                default -> {
                    log.debug("{} proposals refused: {}", selfId, rejected);
                    redirectHeld();
                }
            }
        }
        proposing.clear();
    }

    private void redirectHeld() {
        NotLeaderException redirect = new NotLeaderException(leaderId, leaderAddress);
        for (PendingWrite w : heldWrites) {
            w.reply.completeExceptionally(redirect);
            metrics.proposal(leaderAddress == null ? "no_leader" : "redirected");
        }
        heldWrites.clear();
    }

    private void readQueued() {
        PendingRead read;
        while ((read = reads.poll()) != null) {
            heldReads.add(read);
        }
        if (heldReads.isEmpty()) {
            return;
        }
        if (role != NodeRole.LEADER) {
            NotLeaderException redirect = new NotLeaderException(leaderId, leaderAddress);
            for (PendingRead r : heldReads) {
                r.reply.completeExceptionally(redirect);
            }
            heldReads.clear();
            return;
        }
        long batchId = nextReadBatch++;
        ProposalResult.Rejected rejected = engine.readIndex(batchId);
        if (rejected == null) {
            readBatches.put(batchId, new ArrayList<>(heldReads));
            heldReads.clear();
        } else if (rejected.reason() != ProposalResult.Reason.TRANSFERRING) {
            NotLeaderException redirect = new NotLeaderException(leaderId, leaderAddress);
            for (PendingRead r : heldReads) {
                r.reply.completeExceptionally(redirect);
            }
            heldReads.clear();
        }
    }

    private void processReady() {
        Ready ready = engine.ready();
        while (!ready.isEmpty()) {
            execute(ready);
            ready = engine.ready();
        }
    }

    private void execute(Ready ready) {
        if (ready.softState() != null) {
            softStateChanged(ready.softState());
        }
        send(ready.messages());
        persist(ready);
        if (!ready.committed().isEmpty()) {
            List<Entry> committed = ready.committed();
            Entry last = committed.get(committed.size() - 1);
            // published before the entries can be applied: a reply never reports a commit index
            // below its own entry
            commitIndex = last.index();
            committedThrough = new CommitHint(last.index(), last.term());
            if (role == NodeRole.LEADER && last.term() == term) {
                ownTermCommitted = true;
            }
            if (departing.values().removeIf(d -> d.untilCommitted() <= last.index())) {
                updateNetwork();
            }
            long committedAt = System.nanoTime();
            // before the apply thread can answer anyone: a client that saw its write applied then
            // reads a status that includes it (its commit, a membership change it made)
            publishStatusNow(committedAt);
            apply.submit(new ApplyLoop.Committed(committed, committedAt));
        }
        for (ReadState state : ready.reads()) {
            List<PendingRead> batch = readBatches.remove(state.requestId());
            if (batch != null) {
                for (PendingRead r : batch) {
                    r.minIndex = Math.max(r.minIndex, state.index());
                    apply.submit(new ApplyLoop.Read(r, null, null));
                }
            }
        }
        for (Long aborted : ready.abortedReads()) {
            List<PendingRead> batch = readBatches.remove(aborted);
            if (batch != null) {
                for (PendingRead r : batch) {
                    r.reply.complete(Replies.TIMEOUT_NO_QUORUM);
                }
            }
        }
        lease.update(ready.leaseRound());
    }

    private void send(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        // the engine hands each Ready's lists over, so they go out as they are unless a snapshot
        // install (sent on its own connection) has to be taken out
        List<Message> plain = messages;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m instanceof Message.Heartbeat hb) {
                lease.roundSent(hb.round());
            } else if (m instanceof Message.InstallSnapshot install) {
                if (plain == messages) {
                    plain = new ArrayList<>(messages.subList(0, i));
                }
                sendSnapshot(install);
                continue;
            }
            if (plain != messages) {
                plain.add(m);
            }
        }
        if (!plain.isEmpty()) {
            network.send(plain);
        }
    }

    private void sendSnapshot(Message.InstallSnapshot install) {
        SnapshotFile file = findSnapshot(install.snapshot());
        String peer = install.to();
        if (file == null) {
            log.warn("no snapshot file at index {} to send to {}", install.snapshot().index(), peer);
            engine.snapshotFailed(peer);
            return;
        }
        network.sendSnapshot(peer, file, install, () -> post(() -> engine.snapshotFailed(peer)));
    }

    private SnapshotFile findSnapshot(SnapshotMeta meta) {
        for (SnapshotFile file : snapshots.list()) {
            if (file.meta().index() == meta.index() && file.meta().term() == meta.term()) {
                return file;
            }
        }
        return null;
    }

    private void persist(Ready ready) {
        SnapshotMeta snapshot = ready.snapshot();
        boolean configChanged = false;
        if (snapshot != null) {
            SnapshotFile file = findSnapshot(snapshot);
            if (file == null) {
                throw new IllegalStateException("engine installs snapshot at index " + snapshot.index()
                        + " but no such snapshot file was received");
            }
            apply.beginRestore();
            logView.installed(snapshot);
            writer.submit(new LogCommand.Reset(snapshot.index(), LogCommand.NOTHING));
            apply.submit(new ApplyLoop.Restore(snapshot, file.size(), () -> snapshots.openData(file), () -> {
            }));
            configChanged = true;
        }
        List<Entry> entries = ready.entries();
        long persistedIndex = -1;
        long persistedTerm = 0;
        if (!entries.isEmpty()) {
            Entry last = entries.get(entries.size() - 1);
            persistedIndex = last.index();
            persistedTerm = last.term();
            for (Entry e : entries) {
                if (e.type() == EntryType.CONFIGURATION) {
                    configChanged = true;
                    break;
                }
            }
        } else if (snapshot != null) {
            persistedIndex = snapshot.index();
            persistedTerm = snapshot.term();
        }
        List<Message> after = ready.messagesAfterPersist();
        if (ready.needsPersist() || !after.isEmpty()) {
            long index = persistedIndex;
            long indexTerm = persistedTerm;
            PendingWrite[] appended = entries.isEmpty() ? null : takeAwaitingAppend(persistedIndex);
            boolean appends = !entries.isEmpty();
            long submitted = appends ? System.nanoTime() : 0;
            // Acknowledgements and votes leave from the writer thread the moment they are durable,
            // rather than after one more hop through this thread: the leader waits for them.
            boolean sendFromWriter = !after.isEmpty() && plainMessages(after);
            List<Message> afterOnThisThread = sendFromWriter ? List.of() : after;
            // an empty batch still goes through the writer: what these messages promise may be
            // in an earlier batch that is not durable yet
            writer.submit(new WriteBatch(ready.hardState(), entries, () -> {
                if (appends) {
                    long appendNanos = System.nanoTime() - submitted;
                    metrics.appendLatency(appendNanos);
                    if (appended != null) {
                        // before the durability is reported: this leader commits the entries only after it
                        for (PendingWrite w : appended) {
                            w.appendNanos = appendNanos;
                        }
                    }
                }
                Runnable done = () -> persisted(index, indexTerm, afterOnThisThread);
                if (sendFromWriter && afterOnThisThread.isEmpty() && role != NodeRole.LEADER
                        && role != NodeRole.CANDIDATE) {
                    // a follower's append: the acknowledgement below is what the leader waits for;
                    // recording it here can wait for this thread's next turn (the leader's next
                    // message, at the latest a tick) instead of a wake-up of its own. Queued before
                    // the acknowledgement leaves, so it runs before whatever the leader answers.
                    mailbox.postQuietly(done);
                    network.send(after);
                    return;
                }
                if (sendFromWriter) {
                    network.send(after);
                }
                post(done);
            }));
        }
        if (configChanged) {
            refreshConfiguration();
        }
    }

    /** The writes whose entries end at or before {@code lastIndex}: they go to disk in this batch. Null when none. */
    private PendingWrite[] takeAwaitingAppend(long lastIndex) {
        int n = 0;
        while (n < awaitingAppend.size() && awaitingAppend.get(n).index <= lastIndex) {
            n++;
        }
        if (n == 0) {
            return null;
        }
        List<PendingWrite> taken = awaitingAppend.subList(0, n);
        PendingWrite[] appended = taken.toArray(new PendingWrite[0]);
        taken.clear();
        return appended;
    }

    /** Messages that need nothing of the raft thread to leave (no lease bookkeeping, no snapshot file). */
    private static boolean plainMessages(List<Message> messages) {
        for (Message m : messages) {
            if (m instanceof Message.Heartbeat || m instanceof Message.InstallSnapshot) {
                return false;
            }
        }
        return true;
    }

    private void persisted(long index, long indexTerm, List<Message> after) {
        if (index >= 0) {
            logView.persistedTo(index);
            engine.persisted(index, indexTerm);
        }
        send(after);
    }

    private void softStateChanged(SoftState soft) {
        String previousLeader = leaderId;
        term = soft.term();
        leaderId = soft.leaderId();
        refreshConfiguration();
        // read after the refresh: it may already have reported a follower/learner switch
        NodeRole previous = role;
        NodeRole next = toNodeRole(soft.role(), configuration);
        if (next != NodeRole.LEADER) {
            ownTermCommitted = false;
            lease.end();
        }
        if (previous == NodeRole.LEADER && next != NodeRole.LEADER) {
            lostLeadership();
        }
        if (next == NodeRole.CANDIDATE && previous != NodeRole.CANDIDATE) {
            metrics.electionStarted();
        }
        if (next == NodeRole.LEADER && previous != NodeRole.LEADER) {
            ownTermCommitted = false;
        }
        role = next;
        if (previous != next) {
            log.info("{} is now {} in term {}", selfId, next.display(), soft.term());
            events.roleChanged(previous, next, soft.term());
        }
        if (!java.util.Objects.equals(previousLeader, leaderId)) {
            metrics.leaderChanged();
            events.leaderChanged(leaderId, leaderAddress, soft.term());
        }
    }

    private NodeRole toNodeRole(Role engineRole, Configuration current) {
        return switch (engineRole) {
            case LEADER -> NodeRole.LEADER;
            case CANDIDATE, PRE_CANDIDATE -> NodeRole.CANDIDATE;
            // a removed member (or one still waiting to join) is no learner
            case FOLLOWER -> current.contains(selfId) && !current.isVoter(selfId) ? NodeRole.LEARNER : NodeRole.FOLLOWER;
        };
    }

    /** Entries appended but not known applied: their fate is decided by the next leader. */
    private void lostLeadership() {
        awaitingAppend.clear();
        Iterator<PendingWrite> it = writes.values().iterator();
        while (it.hasNext()) {
            PendingWrite w = it.next();
            it.remove();
            if (w.reply.complete(Replies.TIMEOUT_UNKNOWN)) {
                metrics.proposal("timeout");
            }
        }
        NotLeaderException redirect = new NotLeaderException(leaderId, leaderAddress);
        for (PendingWrite w : heldWrites) {
            w.reply.completeExceptionally(redirect);
        }
        heldWrites.clear();
        for (PendingRead r : heldReads) {
            r.reply.completeExceptionally(redirect);
        }
        heldReads.clear();
    }

    /**
     * A member this node must be able to answer before its configuration lists it: the leader a
     * joining node asked to add it (its replies would otherwise have nowhere to go).
     */
    void addKnownPeer(String id, String address) {
        post(() -> {
            if (!id.equals(selfId) && !address.equals(knownPeers.put(id, address))) {
                updateNetwork();
            }
        });
    }

    private void updateNetwork() {
        Map<String, String> peers = new HashMap<>(knownPeers);
        departing.forEach((id, d) -> peers.put(id, d.address()));
        for (Member member : configuration.members()) {
            if (!member.id().equals(selfId)) {
                peers.put(member.id(), member.address());
            }
        }
        network.updatePeers(peers);
    }

    private void refreshConfiguration() {
        RaftStatus status = engine.status();
        Configuration current = status.configuration();
        if (!current.equals(configuration)) {
            for (Member m : configuration.members()) {
                if (!current.contains(m.id()) && !m.id().equals(selfId)) {
                    departing.put(m.id(), new Departing(m.address(), status.lastIndex()));
                }
            }
            current.members().forEach(m -> departing.remove(m.id()));
            configuration = current;
            updateNetwork();
        }
        String leader = status.leaderId();
        leaderAddress = leader == null ? null : current.member(leader).map(Member::address)
                .orElseGet(() -> departing.containsKey(leader) ? departing.get(leader).address() : null);
        NodeRole previous = role;
        if (previous == NodeRole.FOLLOWER || previous == NodeRole.LEARNER) {
            NodeRole next = toNodeRole(Role.FOLLOWER, current);
            if (next != previous) {
                role = next;
                events.roleChanged(previous, next, term);
            }
        }
    }

    /** A snapshot was written: compact the log behind it, keeping trailing entries. */
    void snapshotWritten(SnapshotMeta meta, long trailingEntries) {
        if (meta.index() <= logView.snapshot().index()) {
            // the leader's snapshot was installed while this one was being written: the log already
            // starts after the newer one, and compacting "back" to this one would bring back the
            // older configuration and ask for terms the log no longer has
            log.debug("{} snapshot at {} superseded by the installed one at {}", selfId, meta.index(),
                    logView.snapshot().index());
            publishStatusNow(System.nanoTime());
            return;
        }
        long upTo = Math.min(meta.index() - trailingEntries, logView.lastIndex());
        if (upTo >= logView.firstIndex()) {
            logView.compactedTo(meta, upTo);
            writer.submit(new LogCommand.CompactPrefix(upTo, LogCommand.NOTHING));
        } else {
            logView.compactedTo(meta, logView.firstIndex() - 1);
        }
        engine.compacted(meta);
        publishStatusNow(System.nanoTime()); // before whoever asked for the snapshot hears it is done
    }

    /**
     * About once a second, records the last committed, applied-bound entry as the commit hint, so
     * that a restart knows how far to replay before serving reads. Lazily: the committed set never
     * depends on it, and a restart believes it only where the log holds that entry.
     */
    private void saveCommitHintNow(long now) {
        if (now - lastHintNanos < HINT_INTERVAL_NANOS) {
            return;
        }
        lastHintNanos = now;
        submitCommitHint();
    }

    private void submitCommitHint() {
        CommitHint hint = committedThrough;
        if (hint.index() <= savedHint) {
            return;
        }
        savedHint = hint.index();
        writer.saveCommitHintLater(hint);
    }

    /** A clean stop records how far the log was committed, so the restart replays that far before serving reads. */
    private void saveCommitHintAtStop() {
        try {
            submitCommitHint();
        } catch (RuntimeException e) {
            log.debug("{} could not record the commit hint at stop: {}", selfId, e.toString());
        }
    }

    /** Raft thread: proposes a membership change. */
    ProposalResult proposeChange(ConfigChange change) {
        return engine.proposeConfigChange(change);
    }

    private void failAllPending(io.raftboot.resp.RespValue reply) {
        for (PendingWrite w : writes.values()) {
            w.reply.complete(w.index > 0 ? Replies.TIMEOUT_UNKNOWN : reply);
        }
        writes.clear();
        PendingWrite w;
        while ((w = proposals.poll()) != null) {
            heldWrites.add(w);
        }
        for (PendingWrite held : heldWrites) {
            held.reply.complete(reply);
        }
        heldWrites.clear();
        PendingRead r;
        while ((r = reads.poll()) != null) {
            heldReads.add(r);
        }
        for (PendingRead held : heldReads) {
            held.reply.complete(reply);
        }
        heldReads.clear();
        for (List<PendingRead> batch : readBatches.values()) {
            for (PendingRead read : batch) {
                read.reply.complete(reply);
            }
        }
        readBatches.clear();
        for (Runnable task : mailbox.drain()) {
            if (task instanceof Cancellable c) {
                c.cancel();
            }
        }
    }

    /** A posted task that must be told when it will never run. */
    interface Cancellable {
        void cancel();
    }

    private final class Call<T> implements Runnable, Cancellable {
        private final Function<RaftEngine, T> call;
        private final CompletableFuture<T> result;

        Call(Function<RaftEngine, T> call, CompletableFuture<T> result) {
            this.call = call;
            this.result = result;
        }

        @Override
        public void run() {
            try {
                result.complete(call.apply(engine));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public void cancel() {
            result.completeExceptionally(new IllegalStateException("node is stopped"));
        }
    }
}
