package io.raftboot.consensus.sim;

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
 * that a crash empties; then messagesAfterPersist and {@code persisted}; committed entries onto a
 * {@link KvStore}; released reads once applied), takes snapshots, answers clients, and keeps a lease
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

    // Durable: survives a crash.
    private HardState hardState = HardState.INITIAL;
    private final SimLog log;
    private SnapshotData snapshot;

    // Volatile: one process lifetime.
    private boolean alive;
    private int incarnation;
    private RaftEngine engine;
    private KvStore store;
    private ShadowLog shadow;
    private final ArrayDeque<PersistJob> writes = new ArrayDeque<>();
    private final Map<SnapshotMeta, SnapshotData> received = new HashMap<>();
    private final TreeMap<Long, PendingWrite> pendingWrites = new TreeMap<>();
    private final TreeMap<Long, History.Op> pendingReadIndex = new TreeMap<>();
    private final ArrayList<PendingRead> releasedReads = new ArrayList<>();
    private final TreeMap<Long, Long> roundSentAt = new TreeMap<>();
    private Role role = Role.FOLLOWER;
    private long term;
    private String leaderId;
    private long leaseExpiresLocal = Long.MIN_VALUE;
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
        this.snapshot = new SnapshotData(bootstrap, Map.of());
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
        engine = call(() -> factory.open(config, log, hardState, random.split()));
        store = KvStore.restore(snapshot);
        shadow = new ShadowLog(log);
        role = Role.FOLLOWER;
        term = hardState.term();
        leaderId = null;
        lastCommit = 0;
        world.trace().add(now(), id, "START term " + hardState.term() + " vote " + hardState.votedFor()
                + " log [" + log.firstIndex() + ".." + log.lastIndex() + "] snapshot " + snapshot.meta().index());
        int life = incarnation;
        world.clock().at(now() + timing.phase() + 1, "tick", () -> tick(life));
        drain();
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
        engine = null;
        store = null;
        shadow = null;
        if (!writes.isEmpty()) {
            world.stats().count("crashes losing unpersisted writes");
        }
        writes.clear();
        received.clear();
        pendingWrites.clear();
        pendingReadIndex.clear();
        releasedReads.clear();
        roundSentAt.clear();
        leaseExpiresLocal = Long.MIN_VALUE;
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
            // The runtime streams the bytes before consensus sees the message.
            received.put(install.snapshot(), data);
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
        switch (op.kind) {
            case PUT, INCR, PROBE -> propose(op);
            case GET -> read(op);
        }
        drain();
    }

    private void propose(History.Op op) {
        byte[] command = new KvCommand(op.id, op.kind, op.key, op.value).encode();
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
            onLeaseRound(ready.leaseRound());
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
                shadow.install(ready.snapshot());
                store = KvStore.restore(data);
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
        if (role != Role.LEADER) {
            leaseExpiresLocal = Long.MIN_VALUE;
            roundSentAt.clear();
        }
        if (becameLeader) {
            roundSentAt.clear();
            leaseExpiresLocal = Long.MIN_VALUE;
            world.invariants().onLeader(id, soft.term(), shadow);
            world.stats().count("leaders elected");
        }
    }

    private void onLeaseRound(long round) {
        if (round < 0) {
            leaseExpiresLocal = Long.MIN_VALUE;
            return;
        }
        Long sentAt = roundSentAt.get(round);
        if (sentAt != null) {
            long duration = Math.round(settings.raft().electionTicks() * timing.tickMicros() * settings.leaseFraction());
            leaseExpiresLocal = Math.max(leaseExpiresLocal, sentAt + duration);
        }
        roundSentAt.headMap(round, false).clear();
    }

    private boolean leaseValid() {
        return role == Role.LEADER && timing.localTime(now()) < leaseExpiresLocal;
    }

    private boolean ownTermCommitted() {
        return store.appliedTerm() == term;
    }

    private void send(Message message) {
        if (message instanceof Message.Heartbeat heartbeat) {
            roundSentAt.putIfAbsent(heartbeat.round(), timing.localTime(now()));
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

    private void completeWrite() {
        PersistJob job = writes.removeFirst();
        if (job.hardState() != null) {
            HardState next = job.hardState();
            if (next.term() < hardState.term()) {
                throw new SimulationFailure.Violation("term-regression",
                        id + " persists term " + next.term() + " after term " + hardState.term());
            }
            if (next.term() == hardState.term() && hardState.votedFor() != null
                    && !Objects.equals(hardState.votedFor(), next.votedFor())) {
                throw new SimulationFailure.Violation("double-vote", id + " voted for " + hardState.votedFor()
                        + " and then " + next.votedFor() + " in term " + next.term());
            }
            hardState = next;
        }
        if (job.snapshot() != null) {
            snapshot = job.snapshot();
            log.install(job.snapshot().meta());
        }
        log.append(job.entries());
        if (random.nextBoolean()) {
            // The runtime persists the commit hint lazily, with whatever write comes along.
            hardState = new HardState(hardState.term(), hardState.votedFor(),
                    Math.max(hardState.commitHint(), lastCommit));
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

    // ---------------------------------------------------------------- state machine

    private void apply(Entry entry) {
        world.invariants().onApply(id, entry, term);
        long result = store.apply(entry);
        PendingWrite pending = pendingWrites.remove(entry.index());
        if (pending != null) {
            // The entry at an index is unique per term: if another term's entry landed here, the
            // proposal is gone for good and never took effect.
            boolean ours = entry.term() == pending.term() && entry.type() == EntryType.COMMAND
                    && KvCommand.decode(entry.data()).opId() == pending.op().id;
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
                world.reply(read.op(), ClientReply.success(store.get(read.op().key)));
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
