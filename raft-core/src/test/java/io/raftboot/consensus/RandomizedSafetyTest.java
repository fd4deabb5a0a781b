package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Harness.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded storm of reordered, dropped and duplicated messages, partitions, restarts and
 * compactions over five members, with Raft's safety properties checked after every step:
 * one leader per term, committed entries identical everywhere and applied in order, leader
 * completeness, and ReadIndex results never older than a commit that preceded the read. The
 * deterministic simulator covers far more; this keeps the engine honest in its own test suite.
 */
class RandomizedSafetyTest {
    private static final String[] IDS = {"n1", "n2", "n3", "n4", "n5"};

    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final Map<Long, Entry> committed = new HashMap<>();
    private final Map<Long, Long> readFloor = new HashMap<>();
    private final Map<Node, Integer> appliedChecked = new IdentityHashMap<>();
    private final Map<Node, Integer> readsChecked = new IdentityHashMap<>();
    private long nextRead = 1;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void safetyHoldsUnderChaos(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RaftConfig limits = new RaftConfig("x", Harness.ELECTION, 2, 200, 4, 800, 4000);
        Harness h = Harness.voters(limits, IDS);
        for (int step = 0; step < 4000; step++) {
            act(h, random, step);
            check(h);
        }
        // Liveness once the storm is over: a leader emerges and everyone converges.
        h.heal();
        for (int i = 0; i < 200 && leaders(h).size() != 1; i++) {
            h.tickAll();
            h.deliverAll();
            check(h);
        }
        assertThat(leaders(h)).hasSize(1);
        String leader = leaders(h).get(0).id;
        h.propose(leader, "final");
        for (int i = 0; i < 10; i++) {
            h.tickAll();
            h.deliverAll();
            check(h);
        }
        long commit = h.node(leader).commit();
        for (Node n : h.nodes.values()) {
            assertThat(n.commit()).as(n.id).isEqualTo(commit);
        }
        assertThat(committed.get(commit).data()).isEqualTo("final".getBytes());
    }

    private void act(Harness h, SplittableRandom random, int step) {
        int dice = random.nextInt(100);
        Node someone = h.node(IDS[random.nextInt(IDS.length)]);
        if (dice < 40 && !h.queue.isEmpty()) {
            h.deliverAt(random.nextInt(h.queue.size()));
        } else if (dice < 47 && !h.queue.isEmpty()) {
            h.dropAt(random.nextInt(h.queue.size()));
        } else if (dice < 50 && !h.queue.isEmpty()) {
            h.queue.add(h.queue.get(random.nextInt(h.queue.size())));
        } else if (dice < 80) {
            h.tick(someone.id);
        } else if (dice < 90) {
            for (Node leader : leaders(h)) {
                leader.engine.propose(List.of(("s" + step).getBytes()));
                h.process(leader);
            }
        } else if (dice < 93) {
            for (Node leader : leaders(h)) {
                long floor = h.nodes.values().stream().mapToLong(Node::commit).max().orElse(0);
                long id = nextRead++;
                if (leader.engine.readIndex(id) == null) {
                    readFloor.put(id, floor);
                }
                h.process(leader);
            }
        } else if (dice < 96) {
            if (random.nextBoolean()) {
                h.isolate(someone.id);
            } else {
                h.heal();
            }
        } else if (dice < 98) {
            h.restart(someone.id);
        } else if (!someone.applied.isEmpty()) {
            long index = someone.applied.get(someone.applied.size() - 1).index();
            if (index > someone.log.snapshot().index() + 3) {
                SnapshotMeta meta = new SnapshotMeta(index, someone.log.term(index), someone.status().configuration());
                someone.log.compact(meta, random.nextInt(4));
                someone.engine.compacted(meta);
            }
        }
    }

    private static List<Node> leaders(Harness h) {
        List<Node> out = new ArrayList<>();
        for (Node n : h.nodes.values()) {
            if (n.role() == Role.LEADER) {
                out.add(n);
            }
        }
        return out;
    }

    private void check(Harness h) {
        for (Node n : h.nodes.values()) {
            RaftStatus s = n.status();
            if (s.role() == Role.LEADER) {
                String previous = leaderOfTerm.putIfAbsent(s.term(), n.id);
                assertThat(previous == null || previous.equals(n.id)).as("two leaders in term " + s.term()).isTrue();
                // Leader completeness: every entry committed so far is in the new leader's log.
                for (Entry e : previous == null ? committed.values() : List.<Entry>of()) {
                    if (e.index() > n.log.snapshot().index()) {
                        assertThat(e.index()).as("leader " + n.id + " misses committed " + e).isLessThanOrEqualTo(s.lastIndex());
                        assertThat(n.log.entry(e.index())).isEqualTo(e);
                    }
                }
            }
            List<Entry> applied = n.applied;
            int from = appliedChecked.getOrDefault(n, 0);
            for (int i = from; i < applied.size(); i++) {
                Entry e = applied.get(i);
                long expectedIndex = i == 0 ? e.index() : applied.get(i - 1).index() + 1;
                if (e.index() != expectedIndex) {
                    // Only an installed snapshot may skip entries, to just after its index.
                    assertThat(n.installed).as(n.id + " applies in order").extracting(SnapshotMeta::index)
                            .contains(e.index() - 1);
                }
                Entry known = committed.putIfAbsent(e.index(), e);
                assertThat(known == null ? e : known).as(n.id + " applied a different entry at " + e.index()).isEqualTo(e);
            }
            appliedChecked.put(n, applied.size());
            int readFrom = readsChecked.getOrDefault(n, 0);
            for (int i = readFrom; i < n.reads.size(); i++) {
                ReadState r = n.reads.get(i);
                assertThat(r.index()).as("read " + r.requestId() + " is stale").isGreaterThanOrEqualTo(readFloor.get(r.requestId()));
            }
            readsChecked.put(n, n.reads.size());
        }
    }
}
