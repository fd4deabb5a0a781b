package io.raftboot.consensus.sim;

import io.raftboot.consensus.ConfigChange;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Injects the enabled fault classes at random moments: partitions (symmetric or one-way) and heals,
 * crashes with later restarts, process pauses, membership changes and leadership transfers issued
 * through the engine API while the other faults are going on.
 */
final class Nemesis {

    /** What the nemesis acts on. */
    interface Cluster {
        List<SimNode> nodes();

        /** The live, unpaused leader of the highest term, or null. */
        SimNode leader();

        /** Creates and starts an empty member that waits to be added. */
        SimNode addNode(SnapshotMeta bootstrap);
    }

    private static final int MAX_NODES = 7;

    private final Set<Fault> faults;
    private final SplittableRandom random;
    private final EventQueue clock;
    private final Trace trace;
    private final SimStats stats;
    private final SimNetwork network;
    private final Cluster cluster;
    private boolean on;

    Nemesis(Set<Fault> faults, SplittableRandom random, EventQueue clock, Trace trace, SimStats stats,
            SimNetwork network, Cluster cluster) {
        this.faults = faults;
        this.random = random;
        this.clock = clock;
        this.trace = trace;
        this.stats = stats;
        this.network = network;
        this.cluster = cluster;
    }

    boolean hasActions() {
        return faults.contains(Fault.PARTITION) || faults.contains(Fault.CRASH) || faults.contains(Fault.PAUSE)
                || faults.contains(Fault.MEMBERSHIP) || faults.contains(Fault.TRANSFER);
    }

    void start() {
        if (hasActions()) {
            on = true;
            clock.after(100_000 + random.nextLong(200_000), "nemesis", this::act);
        }
    }

    void stop() {
        on = false;
    }

    private void act() {
        if (!on) {
            return;
        }
        List<Runnable> actions = new ArrayList<>();
        if (faults.contains(Fault.PARTITION)) {
            actions.add(this::partitionOrHeal);
        }
        if (faults.contains(Fault.CRASH)) {
            actions.add(this::crashOne);
        }
        if (faults.contains(Fault.PAUSE)) {
            actions.add(this::pauseOne);
        }
        if (faults.contains(Fault.MEMBERSHIP)) {
            actions.add(this::changeMembership);
        }
        if (faults.contains(Fault.TRANSFER)) {
            actions.add(this::transfer);
        }
        actions.get(random.nextInt(actions.size())).run();
        clock.after(50_000 + random.nextLong(250_000), "nemesis", this::act);
    }

    private void partitionOrHeal() {
        if (network.partitioned() && random.nextInt(10) < 6) {
            network.heal();
            trace.add(clock.now(), "sim", "HEAL network");
            return;
        }
        List<String> ids = new ArrayList<>(cluster.nodes().stream().map(SimNode::id).toList());
        for (int i = ids.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = ids.get(i);
            ids.set(i, ids.get(j));
            ids.set(j, swap);
        }
        int cut = 1 + random.nextInt(Math.max(1, ids.size() / 2));
        boolean oneWay = random.nextInt(10) < 3;
        List<String> side = List.copyOf(ids.subList(0, cut));
        List<String> other = List.copyOf(ids.subList(cut, ids.size()));
        network.partition(side, other, oneWay);
        stats.count(oneWay ? "one-way partitions" : "partitions");
        trace.add(clock.now(), "sim", "PARTITION " + side + (oneWay ? " -/-> " : " <-/-> ") + other);
    }

    private void crashOne() {
        List<SimNode> up = cluster.nodes().stream().filter(SimNode::alive).toList();
        long down = cluster.nodes().size() - up.size();
        if (up.isEmpty() || down >= 2) {
            return;
        }
        SimNode victim = up.get(random.nextInt(up.size()));
        victim.crash();
        // A restart takes longer than a lease: a process that forgets which leader it heard must not
        // vote inside a lease it acknowledged.
        clock.after(150_000 + random.nextLong(350_000), "restart", () -> {
            if (!victim.alive()) {
                victim.start();
            }
        });
    }

    /** A stalled process, often the leader: its lease must have ended when it wakes up. */
    private void pauseOne() {
        SimNode leader = cluster.leader();
        List<SimNode> up = cluster.nodes().stream().filter(n -> n.alive() && !n.paused()).toList();
        if (up.isEmpty()) {
            return;
        }
        SimNode victim = leader != null && random.nextBoolean() ? leader : up.get(random.nextInt(up.size()));
        stats.count("pauses");
        if (victim == leader && random.nextBoolean()) {
            // The worst case for leases: the leader stalls long enough for another to be elected and
            // will hear nobody when it wakes up, so only its own clock tells it its lease is over.
            List<String> others = cluster.nodes().stream().map(SimNode::id).filter(id -> !id.equals(victim.id()))
                    .toList();
            network.partition(others, List.of(victim.id()), true);
            stats.count("paused leaders cut off");
            trace.add(clock.now(), "sim", "PARTITION " + others + " -/-> [" + victim.id() + "]");
            victim.pause(250_000 + random.nextLong(250_000));
        } else {
            victim.pause(20_000 + random.nextLong(300_000));
        }
    }

    private void changeMembership() {
        SimNode leader = cluster.leader();
        if (leader == null) {
            return;
        }
        Configuration config = leader.status().configuration();
        List<Member> learners = config.learners();
        List<Member> voters = config.voters();
        int dice = random.nextInt(3);
        if (!learners.isEmpty() && dice < 2) {
            Member learner = learners.get(random.nextInt(learners.size()));
            leader.proposeConfigChange(random.nextBoolean() ? new ConfigChange.Promote(learner.id())
                    : new ConfigChange.Remove(learner.id()));
        } else if (dice == 2 && voters.size() > 3) {
            Member victim = voters.get(random.nextInt(voters.size()));
            leader.proposeConfigChange(new ConfigChange.Remove(victim.id()));
        } else if (cluster.nodes().size() < MAX_NODES && config.members().size() < 6) {
            SimNode joining = cluster.addNode(new SnapshotMeta(0, 0, Configuration.EMPTY));
            leader.proposeConfigChange(new ConfigChange.AddLearner(
                    new Member(joining.id(), "sim:" + joining.id(), false), random.nextInt(4) != 0));
        }
    }

    private void transfer() {
        SimNode leader = cluster.leader();
        if (leader == null) {
            return;
        }
        List<Member> candidates = leader.status().configuration().voters().stream()
                .filter(m -> !m.id().equals(leader.id())).toList();
        String target = candidates.isEmpty() || random.nextInt(10) < 3 ? null
                : candidates.get(random.nextInt(candidates.size())).id();
        leader.transferLeadership(target);
    }
}
