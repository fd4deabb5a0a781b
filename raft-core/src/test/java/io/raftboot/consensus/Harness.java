package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Drives engines message by message, etcd-raft style: every Ready is executed as the runtime
 * would (send, persist, report persisted, send after persist, apply), and messages wait in a queue
 * until the test delivers, drops or filters them.
 */
final class Harness {
    static final int ELECTION = 10;

    /** One member: its engine, durable state and what it applied or released. */
    static final class Node {
        final String id;
        final MemoryLog log;
        HardState hardState = HardState.INITIAL;
        RaftEngine engine;
        final List<Entry> applied = new ArrayList<>();
        final List<ReadState> reads = new ArrayList<>();
        final List<Long> abortedReads = new ArrayList<>();
        final List<Long> leaseRounds = new ArrayList<>();
        final List<SnapshotMeta> installed = new ArrayList<>();
        /** When false, entries are written but persisted() is left to the test. */
        boolean autoPersist = true;
        final List<Ready> readies = new ArrayList<>();

        Node(String id, MemoryLog log) {
            this.id = id;
            this.log = log;
        }

        RaftStatus status() {
            return engine.status();
        }

        Role role() {
            return engine.status().role();
        }

        long term() {
            return engine.status().term();
        }

        long commit() {
            return engine.status().commitIndex();
        }
    }

    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<Message> queue = new ArrayList<>();
    final Set<String> isolated = new HashSet<>();
    final List<Message> sent = new ArrayList<>();
    private Predicate<Message> dropFilter = m -> false;
    private final RaftConfig template;

    Harness(RaftConfig template) {
        this.template = template;
    }

    static RaftConfig config(String id) {
        return new RaftConfig(id, ELECTION, 1, 1 << 20, 64, 16L << 20, 64L << 20);
    }

    /** A cluster of voters {@code ids}, all with a bootstrap configuration. */
    static Harness voters(String... ids) {
        return voters(config("x"), ids);
    }

    /** Like {@link #voters(String...)} with the limits of {@code template} (its id is ignored). */
    static Harness voters(RaftConfig template, String... ids) {
        Harness h = new Harness(template);
        Configuration cfg = configuration(ids);
        for (String id : ids) {
            h.add(id, MemoryLog.bootstrap(cfg));
        }
        return h;
    }

    static Configuration configuration(String... voters) {
        return Configuration.ofVoters(Arrays.stream(voters).map(v -> new Member(v, v + ":1", true)).toList());
    }

    Node add(String id, MemoryLog log) {
        return add(id, log, HardState.INITIAL);
    }

    Node add(String id, MemoryLog log, HardState hardState) {
        Node n = new Node(id, log);
        n.hardState = hardState;
        n.engine = RaftEngine.open(configFor(id), log, hardState, new SplittableRandom(id.hashCode()));
        nodes.put(id, n);
        process(n);
        return n;
    }

    /** Restarts a member from its durable state (what was not synced is kept: the OS had it). */
    Node restart(String id) {
        return restart(id, configFor(id));
    }

    RaftConfig configFor(String id) {
        return new RaftConfig(id, template.electionTicks(), template.heartbeatTicks(),
                template.maxAppendBytes(), template.maxInflightAppends(), template.maxInflightBytes(),
                template.maxUncommittedBytes());
    }

    Node restart(String id, RaftConfig c) {
        Node old = nodes.get(id);
        Node n = new Node(id, old.log);
        n.hardState = old.hardState;
        n.engine = RaftEngine.open(c, old.log, old.hardState, new SplittableRandom(id.hashCode() + 1));
        nodes.put(id, n);
        process(n);
        return n;
    }

    Node node(String id) {
        return nodes.get(id);
    }

    void dropWhen(Predicate<Message> filter) {
        this.dropFilter = filter;
    }

    void isolate(String id) {
        isolated.add(id);
    }

    void heal() {
        isolated.clear();
        dropFilter = m -> false;
    }

    /** Executes the node's Ready batches as the runtime would, until it has nothing left. */
    void process(Node n) {
        for (int guard = 0; guard < 1000; guard++) {
            Ready r = n.engine.ready();
            if (r.isEmpty()) {
                return;
            }
            n.readies.add(r);
            enqueue(r.messages());
            if (r.hardState() != null) {
                n.hardState = r.hardState();
            }
            if (r.snapshot() != null) {
                n.log.install(r.snapshot());
                n.installed.add(r.snapshot());
            }
            if (!r.entries().isEmpty()) {
                n.log.append(r.entries());
            }
            if (n.autoPersist) {
                n.log.sync();
                persistReported(n, r);
            }
            enqueue(r.messagesAfterPersist());
            n.applied.addAll(r.committed());
            n.reads.addAll(r.reads());
            n.abortedReads.addAll(r.abortedReads());
            if (r.leaseRound() != 0) {
                n.leaseRounds.add(r.leaseRound());
            }
        }
        throw new AssertionError("engine " + n.id + " never stops producing output");
    }

    private void persistReported(Node n, Ready r) {
        if (!r.entries().isEmpty()) {
            Entry last = r.entries().get(r.entries().size() - 1);
            n.engine.persisted(last.index(), last.term());
        } else if (r.snapshot() != null) {
            n.engine.persisted(r.snapshot().index(), r.snapshot().term());
        }
    }

    /** For nodes with autoPersist off: syncs everything written and reports it. */
    void persistNow(String id) {
        Node n = node(id);
        n.log.sync();
        long last = n.log.lastIndex();
        n.engine.persisted(last, n.log.term(last));
        process(n);
    }

    private void enqueue(List<Message> batch) {
        sent.addAll(batch);
        queue.addAll(batch);
    }

    /** Delivers one queued message; false when the queue is empty. */
    boolean deliverOne() {
        if (queue.isEmpty()) {
            return false;
        }
        deliverAt(0);
        return true;
    }

    /** Delivers the queued message at {@code position} unless the network drops it. */
    void deliverAt(int position) {
        Message m = queue.remove(position);
        if (isolated.contains(m.from()) || isolated.contains(m.to()) || dropFilter.test(m)) {
            lost(m);
            return;
        }
        Node target = nodes.get(m.to());
        if (target == null) {
            return;
        }
        target.engine.step(m);
        process(target);
    }

    /** Drops the queued message at {@code position}, as a lossy network would. */
    void dropAt(int position) {
        lost(queue.remove(position));
    }

    /**
     * A lost snapshot is a failed transfer, which the runtime reports. A lost answer to an installed
     * snapshot is not reported: the transfer itself succeeded.
     */
    private void lost(Message m) {
        Node leader = m instanceof Message.InstallSnapshot ? nodes.get(m.from()) : null;
        if (leader != null) {
            leader.engine.snapshotFailed(m.to());
            process(leader);
        }
    }

    /** Delivers until the network is quiet. */
    void deliverAll() {
        for (int i = 0; i < 100_000; i++) {
            if (!deliverOne()) {
                return;
            }
        }
        throw new AssertionError("network never became quiet");
    }

    /** Removes and returns queued messages matching the filter (to deliver later or never). */
    List<Message> take(Predicate<Message> filter) {
        List<Message> out = new ArrayList<>();
        queue.removeIf(m -> {
            if (filter.test(m)) {
                out.add(m);
                return true;
            }
            return false;
        });
        return out;
    }

    void deliver(Message m) {
        Node target = nodes.get(m.to());
        target.engine.step(m);
        process(target);
    }

    void tick(String id) {
        Node n = node(id);
        n.engine.tick();
        process(n);
    }

    void tickAll() {
        for (Node n : nodes.values()) {
            n.engine.tick();
            process(n);
        }
    }

    /** Ticks {@code id} until it campaigns and delivers all traffic; the node should then lead. */
    Node elect(String id) {
        Node n = node(id);
        for (int i = 0; i < 3 * ELECTION && n.role() == Role.FOLLOWER; i++) {
            tick(id);
        }
        deliverAll();
        if (n.role() != Role.LEADER) {
            throw new AssertionError(id + " did not become leader: " + n.status());
        }
        return n;
    }

    /** Proposes commands on the leader and delivers everything. */
    ProposalResult.Accepted propose(String leader, String... commands) {
        List<byte[]> data = Arrays.stream(commands).map(String::getBytes).toList();
        ProposalResult result = node(leader).engine.propose(data);
        process(node(leader));
        if (!(result instanceof ProposalResult.Accepted accepted)) {
            throw new AssertionError("proposal refused: " + result);
        }
        return accepted;
    }

    /** One heartbeat tick on the leader, everything delivered. */
    void heartbeat(String leader) {
        tick(leader);
        deliverAll();
    }

    static List<String> commands(List<Entry> entries) {
        return entries.stream().filter(e -> e.type() == EntryType.COMMAND).map(e -> new String(e.data())).toList();
    }
}
