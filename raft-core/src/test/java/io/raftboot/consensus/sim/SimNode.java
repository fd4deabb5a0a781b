package io.raftboot.consensus.sim;

import io.raftboot.consensus.CommitHint;
import io.raftboot.consensus.ConfigChange;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.ProposalResult;
import io.raftboot.consensus.RaftConfig;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.consensus.RaftFatalException;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.consensus.ReadState;
import io.raftboot.consensus.Ready;
import io.raftboot.consensus.Role;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.consensus.SoftState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One simulated member: the runtime around a {@link RaftEngine}. It executes each {@link Ready} as
 * its javadoc says (messages at once; hard state, snapshot and entries through a delayed write queue
 * that a crash empties; then messagesAfterPersist and {@code persisted}; committed entries onto the
 * application's state machine, {@link KvStore} by default; released reads once applied), takes snapshots, answers clients, and keeps a lease
 * judged against its own drifting clock.
 */
final class SimNode {

    /** What the node needs from the rest of the simulation. */
    interface World {
        EventQueue clock();

        Trace trace();

        Invariants invariants();

        SimStats stats();

        void send(Message message, SnapshotData snapshot);

        void reply(History.Op op, ClientReply reply);

        /** What the members replicate: their state machines and how client operations travel. */
        SimApplication application();
    }

    /** Tunables of the simulated runtime. */
    record Settings(RaftConfig raft, int snapshotEvery, int trailingEntries, long persistMinMicros,
                    long persistMaxMicros, double leaseFraction, boolean leaseReads) {
    }

    private record PersistJob(HardState hardState, SnapshotData snapshot, List<Entry> entries,
                              List<Message> messagesAfterPersist) {
    }

    private record PendingWrite(History.Op op, long term) {
    }

    private record PendingRead(History.Op op, long index, boolean lease) {
    }

    private final String id;
    private final World world;
    private final Settings settings;
    private final NodeTiming timing;
    private final EngineFactory factory;
    private final SplittableRandom random;

    // Durable: survives a crash. What each piece keeps is production's, see docs/DURABILITY.md.
    private HardState hardState = HardState.INITIAL;
    private final SimLog log;
    private SnapshotData snapshot;
    /**
     * The newest snapshot streamed in by a leader: durable on arrival, as the runtime commits the file
     * before consensus sees the InstallSnapshot. A restart starts from it when it is newer than
     * {@link #snapshot}, even if consensus never installed it, as a real member starts from its
     * newest snapshot file.
     */
    private SnapshotData receivedFile;

    // Volatile: one process lifetime.
    private boolean alive;
    private int incarnation;
    private RaftEngine engine;
    private SimStateMachine store;
    /** The newest timestamp this process stamped on a proposal: as a leader's, it never goes back. */
    private long lastStamp;
    private ShadowLog shadow;
    private final ArrayDeque<PersistJob> writes = new ArrayDeque<>();
    private final Map<SnapshotMeta, SnapshotData> received = new HashMap<>();
    private final TreeMap<Long, PendingWrite> pendingWrites = new TreeMap<>();
    private final TreeMap<Long, History.Op> pendingReadIndex = new TreeMap<>();
    private final ArrayList<PendingRead> releasedReads = new ArrayList<>();
    private Role role = Role.FOLLOWER;
    private long term;
    private String leaderId;
    private final LeaseClock lease;
    private long lastCommit;
    /** While paused (a GC pause, SIGSTOP) the process misses ticks and handles nothing; input waits. */
    private boolean paused;
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();

    SimNode(String id, SnapshotMeta bootstrap, World world, Settings settings, NodeTiming timing,
            EngineFactory factory, SplittableRandom random) {
        this.id = id;
        this.world = world;
        this.settings = settings;
        this.timing = timing;
        this.factory = factory;
        this.random = random;
        this.log = new SimLog(bootstrap);
        this.lease = new LeaseClock(Math.round(settings.raft().electionTicks() * timing.tickMicros()
                * settings.leaseFraction()));
        this.snapshot = new SnapshotData(bootstrap, null);
    }

    String id() {
        return id;
    }

    boolean alive() {
        return alive;
    }

    boolean paused() {
        return paused;
    }

    Role role() {
        return role;
    }

    long term() {
        return term;
    }

    String leaderId() {
        return leaderId;
    }

    long appliedIndex() {
        return store == null ? snapshot.meta().index() : store.appliedIndex();
    }

    RaftStatus status() {
        return alive ? call(engine::status) : null;
    }

    // ---------------------------------------------------------------- lifecycle

    void start() {
        if (alive) {
            return;
        }
        alive = true;
        incarnation++;
        RaftConfig template = settings.raft();
        RaftConfig config = new RaftConfig(id, template.electionTicks(), template.heartbeatTicks(),
                template.maxAppendBytes(), template.maxInflightAppends(), template.maxInflightBytes(),
                template.maxUncommittedBytes());
        startFromNewestSnapshot();
        engine = call(() -> factory.open(config, log, hardState, random.split()));
        store = world.application().start(id, snapshot);
        lastStamp = 0;
        shadow = new ShadowLog(log);
        role = Role.FOLLOWER;
        term = hardState.term();
        leaderId = null;
        lastCommit = 0;
        world.invariants().onStart(id, snapshot.meta().index());
        world.trace().add(now(), id, "START term " + hardState.term() + " vote " + hardState.votedFor()
                + " log [" + log.firstIndex() + ".." + log.lastIndex() + "] snapshot " + snapshot.meta().index());
        int life = incarnation;
        world.clock().at(now() + timing.phase() + 1, "tick", () -> tick(life));
        drain();
    }

    /**
     * A received snapshot file newer than the installed one wins, as the newest file does on a real
     * restart; the log keeps what follows it only if it holds the snapshot's last entry with its term.
     */
    private void startFromNewestSnapshot() {
        if (receivedFile != null && receivedFile.meta().index() > snapshot.meta().index()) {
            world.trace().add(now(), id, "START from received snapshot " + receivedFile.meta().index() + "@"
                    + receivedFile.meta().term() + " (not installed before the crash)");
            snapshot = receivedFile;
            log.install(receivedFile.meta());
            world.stats().count("restarts from a received snapshot");
        }
        receivedFile = null;
    }

    /** Kills the process: everything not yet durable is gone. */
    void crash() {
        if (!alive) {
            return;
        }
        alive = false;
        incarnation++;
        paused = false;
        deferred.clear();
        if (!writes.isEmpty() && random.nextBoolean()) {
            // Harsher than the runtime: the newest hint reached the disk, the writes it refers to did not.
            hardState = new HardState(hardState.term(), hardState.votedFor(), hardState.commitHint().max(commitHint()));
            world.stats().count("crashes keeping a hint ahead of the log");
        }
        engine = null;
        store = null;
        shadow = null;
        if (!writes.isEmpty()) {
            world.stats().count("crashes losing unpersisted writes");
            if (random.nextBoolean()) {
                tornWrite(writes.peekFirst());
            }
        }
        writes.clear();
        received.clear();
        pendingWrites.clear();
        pendingReadIndex.clear();
        releasedReads.clear();
        lease.end();
        role = Role.FOLLOWER;
        world.stats().count("crashes");
        world.trace().add(now(), id, "CRASH durable log [" + log.firstIndex() + ".." + log.lastIndex()
                + "] term " + hardState.term());
    }

    private void tick(int life) {
        if (!alive || life != incarnation) {
            return;
        }
        if (!paused) {
            call(() -> {
                engine.tick();
                return null;
            });
            drain();
        }
        world.clock().after(timing.tickPeriod(), "tick", () -> tick(life));
    }

    /** Stops the process for a while without losing anything; the local clock runs on. */
    void pause(long micros) {
        if (!alive || paused) {
            return;
        }
        paused = true;
        world.trace().add(now(), id, "PAUSE for " + micros / 1000.0 + "ms");
        int life = incarnation;
        world.clock().after(micros, "resume", () -> {
            if (alive && life == incarnation) {
                paused = false;
                world.trace().add(now(), id, "RESUME with " + deferred.size() + " inputs waiting");
                while (!deferred.isEmpty() && !paused && alive) {
                    deferred.removeFirst().run();
                }
            }
        });
    }

    /** True when the input was queued behind a pause; the caller handles it later. */
    private boolean deferredByPause(Runnable input) {
        if (paused) {
            deferred.addLast(input);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- inputs

    void receive(Message message, SnapshotData data) {
        if (!alive || deferredByPause(() -> receive(message, data))) {
            return;
        }
        if (message instanceof Message.InstallSnapshot install) {
            // The runtime streams the bytes into a committed file before consensus sees the message.
            received.put(install.snapshot(), data);
            if (receivedFile == null || data.meta().index() > receivedFile.meta().index()) {
                receivedFile = data;
            }
        }
        world.trace().add(now(), id, message);
        call(() -> {
            engine.step(message);
            return null;
        });
        drain();
    }

    void snapshotTransferFailed(String peer) {
        if (!alive || deferredByPause(() -> snapshotTransferFailed(peer))) {
            return;
        }
        world.trace().add(now(), id, "snapshot to " + peer + " failed");
        call(() -> {
            engine.snapshotFailed(peer);
            return null;
        });
        drain();
    }

    void clientRequest(History.Op op) {
        if (!alive) {
            return; // the client times out
        }
        if (deferredByPause(() -> clientRequest(op))) {
            return;
        }
        if (world.application().isRead(op)) {
            read(op);
        } else {
            propose(op);
        }
        drain();
    }

    private void propose(History.Op op) {
        // stamped as a leader stamps its proposals: by its own clock, never below its previous stamp
        lastStamp = Math.max(lastStamp, timing.localTime(now()) / 1000);
        byte[] command = world.application().encode(op, lastStamp);
        ProposalResult result = call(() -> engine.propose(List.of(command)));
        if (result instanceof ProposalResult.Accepted accepted) {
            if (accepted.firstIndex() != accepted.lastIndex()) {
                throw new SimulationFailure.Violation("proposal-result",
                        "one command accepted as entries " + accepted.firstIndex() + ".." + accepted.lastIndex());
            }
            pendingWrites.put(accepted.lastIndex(), new PendingWrite(op, accepted.term()));
        } else {
            ProposalResult.Rejected rejected = (ProposalResult.Rejected) result;
            world.reply(op, ClientReply.refused(rejected.leaderId()));
        }
    }

    private void read(History.Op op) {
        if (settings.leaseReads() && leaseValid() && ownTermCommitted()) {
            long index = status().commitIndex();
            releasedReads.add(new PendingRead(op, index, true));
            serveReads();
            return;
        }
        ProposalResult.Rejected rejected = call(() -> engine.readIndex(op.id));
        if (rejected != null) {
            world.reply(op, ClientReply.refused(rejected.leaderId()));
        } else {
            pendingReadIndex.put(op.id, op);
        }
    }

    ProposalResult proposeConfigChange(ConfigChange change) {
        ProposalResult result = call(() -> engine.proposeConfigChange(change));
        world.trace().add(now(), id, "CHANGE " + change + " -> " + result);
        if (result instanceof ProposalResult.Accepted) {
            world.stats().count("config changes accepted");
        }
        drain();
        return result;
    }

    ProposalResult.Rejected transferLeadership(String target) {
        ProposalResult.Rejected result = call(() -> engine.transferLeadership(target));
        world.trace().add(now(), id, "TRANSFER to " + target + " -> " + (result == null ? "started" : result));
        if (result == null) {
            world.stats().count("transfers started");
        }
        drain();
        return result;
    }

    // ---------------------------------------------------------------- Ready

    private void drain() {
        while (alive) {
            Ready ready = call(engine::ready);
            if (ready.isEmpty()) {
                break;
            }
            handle(ready);
        }
        if (alive) {
            long commit = call(engine::status).commitIndex();
            if (commit < lastCommit) {
                throw new SimulationFailure.Violation("commit-monotonic",
                        id + " commit index went from " + lastCommit + " to " + commit + " within one process");
            }
            lastCommit = commit;
            world.invariants().onCommitIndex(id, commit, shadow);
        }
    }

    private void handle(Ready ready) {
        Invariants invariants = world.invariants();
        if (ready.softState() != null) {
            onSoftState(ready.softState());
        }
        if (ready.hardState() != null) {
            term = Math.max(term, ready.hardState().term());
        }
        if (ready.leaseRound() != 0) {
            lease.acknowledged(ready.leaseRound());
        }
        for (Message message : ready.messages()) {
            send(message);
        }
        if (ready.needsPersist()) {
            SnapshotData data = null;
            if (ready.snapshot() != null) {
                data = received.get(ready.snapshot());
                if (data == null) {
                    throw new SimulationFailure.Violation("snapshot-install",
                            id + " told to install " + ready.snapshot() + " which it never received");
                }
                invariants.onSnapshot(id, ready.snapshot());
                invariants.onStart(id, ready.snapshot().index());
                shadow.install(ready.snapshot());
                store = world.application().install(store, data);
                pendingWrites.headMap(data.meta().index(), true).clear();
                world.trace().add(now(), id, "INSTALL " + ready.snapshot());
                world.stats().count("snapshot installs");
            }
            if (!ready.entries().isEmpty()) {
                invariants.onAppend(id, ready.entries(), shadow, Math.max(lastCommit, store.appliedIndex()));
                shadow.append(ready.entries());
            }
            enqueue(new PersistJob(ready.hardState(), data, ready.entries(), ready.messagesAfterPersist()));
        } else if (!ready.messagesAfterPersist().isEmpty()) {
            if (writes.isEmpty()) {
                for (Message message : ready.messagesAfterPersist()) {
                    send(message);
                }
            } else {
                // They may promise state still in the write queue: they leave behind it.
                enqueue(new PersistJob(null, null, List.of(), ready.messagesAfterPersist()));
            }
        }
        for (Entry entry : ready.committed()) {
            apply(entry);
        }
        for (ReadState read : ready.reads()) {
            History.Op op = pendingReadIndex.remove(read.requestId());
            if (op != null) {
                releasedReads.add(new PendingRead(op, read.index(), false));
            }
        }
        for (Long aborted : ready.abortedReads()) {
            History.Op op = pendingReadIndex.remove(aborted);
            if (op != null) {
                world.reply(op, ClientReply.refused(leaderId));
            }
        }
        serveReads();
        maybeSnapshot();
    }

    private void onSoftState(SoftState soft) {
        world.trace().add(now(), id, soft);
        boolean becameLeader = soft.role() == Role.LEADER && (role != Role.LEADER || soft.term() != term);
        role = soft.role();
        term = Math.max(term, soft.term());
        leaderId = soft.leaderId();
        if (role != Role.LEADER || becameLeader) {
            lease.end();
        }
        if (becameLeader) {
            world.invariants().onLeader(id, soft.term(), shadow);
            world.stats().count("leaders elected");
        }
    }

    private boolean leaseValid() {
        return role == Role.LEADER && lease.valid(timing.localTime(now()));
    }

    private boolean ownTermCommitted() {
        return store.appliedTerm() == term;
    }

    private void send(Message message) {
        checkTermIsDurable(message);
        if (message instanceof Message.Heartbeat heartbeat) {
            lease.roundSent(heartbeat.round(), timing.localTime(now()));
        }
        SnapshotData data = null;
        if (message instanceof Message.InstallSnapshot install) {
            if (!install.snapshot().equals(snapshot.meta())) {
                world.trace().add(now(), id, "cannot stream " + install.snapshot() + ", holding " + snapshot.meta());
                String peer = message.to();
                int life = incarnation;
                world.clock().after(1000, "snapshot-failed", () -> {
                    if (alive && life == incarnation) {
                        snapshotTransferFailed(peer);
                    }
                });
                return;
            }
            data = snapshot;
        }
        world.send(message, data);
    }

    /** A message may carry a term only once that term (and the vote in it) survives a crash. */
    private void checkTermIsDurable(Message message) {
        boolean preVote = message instanceof Message.VoteRequest request && request.preVote()
                || message instanceof Message.VoteResponse response && response.preVote();
        if (!preVote && message.term() > hardState.term()) {
            throw new SimulationFailure.Violation("term-before-persist", id + " sends " + message
                    + " while its durable term is " + hardState.term());
        }
        if (message instanceof Message.VoteResponse vote && vote.granted() && !vote.preVote()
                && !vote.to().equals(hardState.votedFor())) {
            throw new SimulationFailure.Violation("vote-before-persist", id + " grants " + vote
                    + " while its durable vote is " + hardState.votedFor() + " in term " + hardState.term());
        }
    }

    // ---------------------------------------------------------------- durability

    private void enqueue(PersistJob job) {
        writes.addLast(job);
        if (writes.size() == 1) {
            scheduleWrite();
        }
    }

    private void scheduleWrite() {
        int life = incarnation;
        long delay = settings.persistMinMicros()
                + random.nextLong(settings.persistMaxMicros() - settings.persistMinMicros() + 1);
        world.clock().after(delay, "persist", () -> {
            if (alive && life == incarnation && !deferredByPause(this::completeWrite)) {
                completeWrite();
            }
        });
    }

    /**
     * The crash hit the write in progress: the term and vote may have reached the disk, and a
     * prefix of the entries, none of it acknowledged. A snapshot install (its file is durable since
     * it arrived; the write resets the log) happens whole or not at all.
     */
    private void tornWrite(PersistJob job) {
        if (job.snapshot() != null) {
            return;
        }
        if (job.hardState() != null && random.nextBoolean()) {
            persistHardState(job.hardState());
        }
        int kept = job.entries().isEmpty() ? 0 : random.nextInt(job.entries().size() + 1);
        log.append(job.entries().subList(0, kept));
        world.stats().count("torn writes");
    }

    /** A term never goes back and a vote, once cast in a term, never changes. */
    private void persistHardState(HardState next) {
        if (next.term() < hardState.term()) {
            throw new SimulationFailure.Violation("term-regression",
                    id + " persists term " + next.term() + " after term " + hardState.term());
        }
        if (next.term() == hardState.term() && hardState.votedFor() != null
                && !Objects.equals(hardState.votedFor(), next.votedFor())) {
            throw new SimulationFailure.Violation("double-vote", id + " voted for " + hardState.votedFor()
                    + " and then " + next.votedFor() + " in term " + next.term());
        }
        // the meta store keeps the furthest hint, whichever write brought it
        hardState = new HardState(next.term(), next.votedFor(), hardState.commitHint().max(next.commitHint()));
    }

    private void completeWrite() {
        PersistJob job = writes.removeFirst();
        if (job.hardState() != null) {
            persistHardState(job.hardState());
        }
        if (job.snapshot() != null) {
            snapshot = job.snapshot();
            log.install(job.snapshot().meta());
        }
        log.append(job.entries());
        if (random.nextBoolean()) {
            // Harsher than the runtime, which saves a hint only behind the writes before it: here it
            // may name an entry not durable yet, so a restart must check it against the log.
            hardState = new HardState(hardState.term(), hardState.votedFor(),
                    hardState.commitHint().max(commitHint()));
        }
        if (!job.entries().isEmpty()) {
            Entry last = job.entries().get(job.entries().size() - 1);
            call(() -> {
                engine.persisted(last.index(), last.term());
                return null;
            });
        } else if (job.snapshot() != null) {
            SnapshotMeta meta = job.snapshot().meta();
            call(() -> {
                engine.persisted(meta.index(), meta.term());
                return null;
            });
        }
        for (Message message : job.messagesAfterPersist()) {
            send(message);
        }
        if (!writes.isEmpty()) {
            scheduleWrite();
        }
        drain();
    }

    /** The engine's commit index with the term it holds there: what a hint written now would say. */
    private CommitHint commitHint() {
        long term = shadow.term(lastCommit);
        return lastCommit == 0 || term <= 0 ? CommitHint.NONE : new CommitHint(lastCommit, term);
    }

    // ---------------------------------------------------------------- state machine

    private void apply(Entry entry) {
        world.invariants().onApply(id, entry, term);
        PendingWrite pending = pendingWrites.remove(entry.index());
        // The entry at an index is unique per term: if another term's entry landed here, the
        // proposal is gone for good and never took effect.
        boolean ours = pending != null && entry.term() == pending.term() && entry.type() == EntryType.COMMAND
                && world.application().opId(entry) == pending.op().id;
        Object result = store.apply(entry, ours);
        if (pending != null) {
            world.reply(pending.op(), ours ? ClientReply.success(result) : ClientReply.refused(leaderId));
        }
    }

    private void serveReads() {
        Iterator<PendingRead> it = releasedReads.iterator();
        while (it.hasNext()) {
            PendingRead read = it.next();
            if (store.appliedIndex() < read.index()) {
                continue;
            }
            it.remove();
            if (read.lease() && !leaseValid()) {
                world.reply(read.op(), ClientReply.refused(leaderId));
            } else {
                world.stats().count(read.lease() ? "lease reads" : "read-index reads");
                world.reply(read.op(), ClientReply.success(store.read(read.op(), timing.localTime(now()) / 1000)));
            }
        }
    }

    private void maybeSnapshot() {
        if (settings.snapshotEvery() <= 0) {
            return;
        }
        long applied = store.appliedIndex();
        if (applied - log.snapshot().index() < settings.snapshotEvery()) {
            return;
        }
        Entry last = log.entry(applied);
        if (last == null || last.term() != store.appliedTerm()) {
            return; // the snapshot must describe durable log entries: wait until they are written
        }
        SnapshotData taken = store.snapshot();
        snapshot = taken;
        log.compact(taken.meta(), settings.trailingEntries());
        shadow.compact(taken.meta());
        world.stats().count("snapshots taken");
        world.trace().add(now(), id, "SNAPSHOT " + taken.meta().index() + "@" + taken.meta().term());
        call(() -> {
            engine.compacted(taken.meta());
            return null;
        });
    }

    // ---------------------------------------------------------------- helpers

    private long now() {
        return world.clock().now();
    }

    /** Engine calls: any exception other than a detected violation is itself a finding. */
    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (SimulationFailure.Violation violation) {
            throw violation;
        } catch (RaftFatalException fatal) {
            throw new SimulationFailure.Violation("engine-fatal", id + ": " + fatal.getMessage(), fatal);
        } catch (RuntimeException e) {
            throw new SimulationFailure.Violation("engine-exception", id + ": " + e, e);
        }
    }
}
