package io.raftboot.consensus.sim;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.RaftConfig;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.consensus.Role;
import io.raftboot.consensus.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One seeded, single-threaded run: a cluster of simulated nodes, clients, a nemesis injecting the
 * enabled faults, then healing and a liveness bound, then the linearizability check of the client
 * history. Safety properties are checked as events happen (see {@link Invariants}).
 */
public final class Simulation implements SimNode.World, SimClient.Cluster, SimNetwork.Receiver, Nemesis.Cluster {

    private static final long TICK_MICROS = 10_000;
    private static final long CLIENT_TIMEOUT_MICROS = 250_000;
    private static final long CATCH_UP_MICROS = 3_000_000;

    /** A finished run: what happened, for the test's summary. */
    public record Outcome(long seed, int voters, boolean leaseReads, long ops, long ok, long unknown, long events,
                   String network, SimStats stats, long historyDigest) {
    }

    private final SimOptions options;
    private final SplittableRandom random;
    private final EventQueue clock = new EventQueue();
    private final Trace trace;
    private final Invariants invariants = new Invariants();
    private final History history = new History();
    private final SimApplication application;
    private final SimStats stats = new SimStats();
    private final SimNetwork network;
    private final TreeMap<String, SimNode> nodes = new TreeMap<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final SimNode.Settings settings;
    private final int voters;
    private final boolean leaseReads;
    private final Nemesis nemesis;
    private int nextNodeNumber;
    private History.Op probe;
    private long events;

    public Simulation(SimOptions options) {
        this.options = options;
        this.application = options.application().get();
        this.random = new SplittableRandom(options.seed());
        this.trace = new Trace(60, options.printTrace());
        this.voters = options.voters() > 0 ? options.voters() : random.nextBoolean() ? 3 : 5;
        this.leaseReads = options.leaseReads() != null ? options.leaseReads() : random.nextBoolean();
        Set<Fault> faults = options.faults();
        this.network = new SimNetwork(clock, random.split(), trace, this, 200, 2_000 + random.nextLong(8_000));
        network.configure(faults.contains(Fault.DROP) ? 0.005 + random.nextDouble() * 0.05 : 0,
                faults.contains(Fault.DUP) ? random.nextDouble() * 0.04 : 0,
                faults.contains(Fault.REORDER));
        RaftConfig raft = new RaftConfig("template", 10, 2, 400 + random.nextInt(800), 1 + random.nextInt(6),
                4_000, 20_000);
        int snapshotEvery = faults.contains(Fault.SNAPSHOT) ? 20 + random.nextInt(31) : 0;
        long persistMax = 300 + random.nextLong(6_000);
        this.settings = new SimNode.Settings(raft, snapshotEvery, random.nextInt(6), 100, persistMax, 0.8, leaseReads);
        this.nemesis = new Nemesis(faults, random, clock, trace, stats, network, this);
    }

    /** Runs to the end; throws {@link SimulationFailure} when a property breaks. */
    public Outcome run() {
        try {
            runPhases();
        } catch (SimulationFailure.Violation violation) {
            throw failure(violation.property(), violation.getMessage(), violation);
        } catch (RuntimeException bug) {
            throw failure("simulator-exception", bug.toString(), bug);
        }
        String wrong = application.checkHistory(history.ops());
        if (wrong != null) {
            throw failure("linearizability", wrong, null);
        }
        return new Outcome(options.seed(), voters, leaseReads, history.ops().size(),
                history.count(History.Outcome.OK), history.count(History.Outcome.UNKNOWN), events,
                network.stats(), stats, history.digest());
    }

    private SimulationFailure failure(String property, String detail, Throwable cause) {
        String context = "(" + voters + " voters, " + (leaseReads ? "lease" : "read-index") + " reads, faults "
                + Fault.format(options.faults()) + ", t=" + clock.now() / 1000.0 + "ms)";
        return new SimulationFailure(options.seed(), property, detail + " " + context, trace.lines(),
                options.replayCommand(), cause);
    }

    private void runPhases() {
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= voters; i++) {
            members.add(new Member(nodeName(i), "sim:" + nodeName(i), true));
        }
        nextNodeNumber = 1;
        SnapshotMeta bootstrap = new SnapshotMeta(0, 0, Configuration.ofVoters(members));
        for (int i = 0; i < members.size(); i++) {
            addNode(bootstrap);
        }
        for (int i = 0; i < options.clients(); i++) {
            SimClient client = new SimClient(i, this, random.split(), CLIENT_TIMEOUT_MICROS);
            clients.add(client);
            client.start(random.nextLong(50_000));
        }
        nemesis.start();
        runUntil(options.faultMicros());

        heal();
        long healedAt = clock.now();
        long deadline = healedAt + options.livenessMicros();
        clock.after(0, "probe", this::probe);
        while (probe == null || probe.outcome != History.Outcome.OK) {
            if (!step(deadline)) {
                throw new SimulationFailure.Violation("liveness", "no proposal committed within "
                        + options.livenessMicros() / 1000 + "ms after the faults healed; " + describeNodes());
            }
        }
        trace.add(clock.now(), "sim", "probe committed " + (clock.now() - healedAt) / 1000.0 + "ms after healing");
        for (SimClient client : clients) {
            client.stop();
        }
        awaitCatchUp();
        runUntil(clock.now() + CLIENT_TIMEOUT_MICROS + 50_000);
        for (History.Op op : history.ops()) {
            if (op.outcome == History.Outcome.PENDING) {
                History.unknown(op);
            }
        }
    }

    /** Every member of the leader's configuration must apply what the leader committed, soon. */
    private void awaitCatchUp() {
        SimNode leader = leader();
        if (leader == null) {
            return; // lost again right after the probe: the probe bound already proved liveness once
        }
        long target = leader.status().commitIndex();
        List<String> members = leader.status().configuration().members().stream().map(Member::id).toList();
        long deadline = clock.now() + CATCH_UP_MICROS;
        while (!caughtUp(members, target)) {
            if (!step(deadline)) {
                throw new SimulationFailure.Violation("catch-up-liveness", "members " + members
                        + " did not all apply index " + target + " within " + CATCH_UP_MICROS / 1000
                        + "ms of a healed cluster; " + describeNodes());
            }
        }
    }

    private boolean caughtUp(List<String> members, long target) {
        for (String id : members) {
            SimNode node = nodes.get(id);
            if (node != null && node.appliedIndex() < target) {
                return false;
            }
        }
        return true;
    }

    private void runUntil(long time) {
        while (step(time)) {
            // keep going
        }
    }

    private boolean step(long until) {
        boolean ran = clock.runNext(until);
        if (ran) {
            events++;
        }
        return ran;
    }

    private static String nodeName(int number) {
        return "n" + number;
    }

    @Override
    public SimNode addNode(SnapshotMeta bootstrap) {
        String id = nodeName(nextNodeNumber++);
        NodeTiming timing = new NodeTiming(TICK_MICROS, (random.nextDouble() - 0.5) * 0.04,
                random.nextLong(TICK_MICROS));
        SimNode node = new SimNode(id, bootstrap, this, settings, timing, options.factory(), random.split());
        nodes.put(id, node);
        node.start();
        return node;
    }

    @Override
    public SimNode leader() {
        SimNode best = null;
        for (SimNode node : nodes.values()) {
            if (node.alive() && !node.paused() && node.role() == Role.LEADER
                    && (best == null || node.term() > best.term())) {
                best = node;
            }
        }
        return best;
    }

    private void heal() {
        nemesis.stop();
        network.heal();
        network.configure(0, 0, options.faults().contains(Fault.REORDER));
        trace.add(clock.now(), "sim", "HEAL all: network healed, drops and duplicates off, every node up");
        for (SimNode node : nodes.values()) {
            if (!node.alive()) {
                node.start();
            }
        }
    }

    /** After healing: keep offering a probe to the current leader until one commits. */
    private void probe() {
        if (probe != null && probe.outcome == History.Outcome.OK) {
            return;
        }
        SimNode leader = leader();
        if (leader != null && (probe == null || probe.outcome != History.Outcome.PENDING)) {
            probe = history.invoke(-1, OpKind.PROBE, "", 0, clock.now());
            trace.add(clock.now(), "sim", "probe via " + leader.id());
            leader.clientRequest(probe);
        } else if (probe != null && probe.outcome == History.Outcome.PENDING
                && clock.now() - probe.call > CLIENT_TIMEOUT_MICROS) {
            History.unknown(probe);
        }
        clock.after(20_000, "probe", this::probe);
    }

    private String describeNodes() {
        StringBuilder out = new StringBuilder();
        for (SimNode node : nodes.values()) {
            RaftStatus status = node.status();
            out.append(node.id()).append(status == null ? " down" : " " + status.role() + " term " + status.term()
                    + " commit " + status.commitIndex() + " applied " + node.appliedIndex() + " first "
                    + status.firstIndex() + " last " + status.lastIndex() + " config "
                    + status.configuration().members().stream().map(m -> m.id() + (m.voter() ? "" : "(l)")).toList())
                    .append("; ");
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- World, Cluster, Receiver

    @Override
    public EventQueue clock() {
        return clock;
    }

    @Override
    public Trace trace() {
        return trace;
    }

    @Override
    public Invariants invariants() {
        return invariants;
    }

    @Override
    public SimStats stats() {
        return stats;
    }

    @Override
    public SimApplication application() {
        return application;
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public void send(Message message, SnapshotData snapshot) {
        network.send(message, snapshot);
    }

    @Override
    public void deliver(String to, Message message, SnapshotData snapshot) {
        SimNode node = nodes.get(to);
        if (node == null || !node.alive()) {
            if (message instanceof Message.InstallSnapshot) {
                snapshotLost(message.from(), to);
            }
            return;
        }
        node.receive(message, snapshot);
    }

    @Override
    public void snapshotLost(String from, String to) {
        SimNode sender = nodes.get(from);
        if (sender != null) {
            clock.after(5_000, "snapshot-failed", () -> sender.snapshotTransferFailed(to));
        }
    }

    @Override
    public void reply(History.Op op, ClientReply reply) {
        if (op.client < 0) {
            if (reply.ok()) {
                History.ok(op, reply.result(), clock.now());
            } else {
                History.failed(op, clock.now());
            }
            return;
        }
        SimClient client = clients.get(op.client);
        clock.after(100 + random.nextLong(1_500), "reply", () -> client.onReply(op, reply));
    }

    @Override
    public List<SimNode> nodes() {
        return List.copyOf(nodes.values());
    }

    @Override
    public List<String> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    @Override
    public void submit(String node, History.Op op, SimClient from) {
        SimNode target = nodes.get(node);
        clock.after(100 + random.nextLong(1_500), "request", () -> target.clientRequest(op));
    }
}
