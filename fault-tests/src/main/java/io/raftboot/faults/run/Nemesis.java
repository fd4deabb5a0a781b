package io.raftboot.faults.run;

import io.raftboot.faults.cluster.MemberProcess;
import io.raftboot.faults.cluster.ProcessCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Applies faults one at a time, each held for a while then healed, chosen by a seeded random
 * generator from the configured mix. Every applied fault is logged for the report.
 */
final class Nemesis {
    private static final Logger log = LoggerFactory.getLogger(Nemesis.class);

    private final ProcessCluster cluster;
    private final List<Fault> mix;
    private final SplittableRandom random;
    private final List<String> applied = new ArrayList<>();
    private final long origin = System.nanoTime();

    Nemesis(ProcessCluster cluster, List<Fault> mix, long seed) {
        if (mix.isEmpty()) {
            throw new IllegalArgumentException("no faults to apply");
        }
        this.cluster = cluster;
        this.mix = List.copyOf(mix);
        this.random = new SplittableRandom(seed);
    }

    List<String> applied() {
        return List.copyOf(applied);
    }

    /** Applies faults until the deadline (System.nanoTime), leaving the cluster healed. */
    void run(long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            quiet(millis(500, 1500));
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            Fault fault = mix.get(random.nextInt(mix.size()));
            try {
                apply(fault);
            } finally {
                cluster.healAll();
            }
        }
    }

    private void apply(Fault fault) throws IOException, InterruptedException {
        switch (fault) {
            case KILL -> {
                MemberProcess victim = victim();
                record("kill -9 " + victim.id() + describeRole(victim));
                cluster.kill(victim);
                quiet(millis(500, 3000));
                cluster.restart(victim);
                record("restart " + victim.id());
            }
            case PAUSE -> {
                MemberProcess victim = victim();
                record("SIGSTOP " + victim.id() + describeRole(victim));
                cluster.pause(victim);
                quiet(millis(500, 3000));
                cluster.resume(victim);
                record("SIGCONT " + victim.id());
            }
            case PARTITION -> {
                partition();
                quiet(millis(1000, 4000));
                cluster.heal();
                record("heal");
            }
            case MEMBERSHIP -> {
                Optional<MemberProcess> leader = cluster.leader();
                List<MemberProcess> followers = cluster.members().stream()
                        .filter(m -> leader.isEmpty() || m != leader.get()).toList();
                MemberProcess victim = followers.get(random.nextInt(followers.size()));
                record("remove " + victim.id() + ", wipe, rejoin with a new id");
                MemberProcess fresh = cluster.replace(victim, Duration.ofSeconds(90));
                record("member " + fresh.id() + " is a voter");
            }
            case TRANSFER -> {
                boolean moved = cluster.transferLeadership();
                record("RAFTTRANSFER " + (moved ? "ok" : "refused"));
            }
        }
    }

    private void partition() {
        List<MemberProcess> members = new ArrayList<>(cluster.members());
        Optional<MemberProcess> leader = cluster.leader();
        int kind = random.nextInt(3);
        if (kind == 0 && leader.isPresent()) {
            record("isolate leader " + leader.get().id());
            cluster.isolate(leader.get());
        } else if (kind == 1) {
            shuffle(members);
            int minority = 1 + random.nextInt(Math.max(1, (members.size() - 1) / 2));
            List<MemberProcess> small = members.subList(0, minority);
            List<MemberProcess> large = members.subList(minority, members.size());
            record("split " + ids(small) + " | " + ids(large));
            cluster.partition(List.of(small, large));
        } else {
            MemberProcess from = leader.orElse(members.get(random.nextInt(members.size())));
            List<MemberProcess> others = members.stream().filter(m -> m != from).toList();
            MemberProcess to = others.get(random.nextInt(others.size()));
            if (random.nextBoolean()) {
                record("one-way cut " + from.id() + " -> " + to.id());
                cluster.cutOneWay(from, to);
            } else {
                record("one-way cut " + to.id() + " -> " + from.id());
                cluster.cutOneWay(to, from);
            }
        }
    }

    private MemberProcess victim() {
        Optional<MemberProcess> leader = cluster.leader();
        if (leader.isPresent() && random.nextBoolean()) {
            return leader.get();
        }
        List<MemberProcess> members = cluster.members();
        return members.get(random.nextInt(members.size()));
    }

    private String describeRole(MemberProcess member) {
        return cluster.leader().filter(l -> l == member).isPresent() ? " (leader)" : "";
    }

    private void record(String what) {
        long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
        String line = String.format("%7.1fs %s", seconds / 1000.0, what);
        log.info("nemesis: {}", line);
        applied.add(line);
    }

    private void shuffle(List<MemberProcess> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            MemberProcess t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static String ids(List<MemberProcess> members) {
        return members.stream().map(MemberProcess::id).toList().toString();
    }

    private long millis(int min, int max) {
        return min + random.nextInt(max - min);
    }

    /** Lets the workload run for a while with the fault in place (or without). */
    private static void quiet(long millis) throws InterruptedException {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
