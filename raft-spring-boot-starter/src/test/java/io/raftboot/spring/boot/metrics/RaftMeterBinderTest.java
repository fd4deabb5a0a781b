package io.raftboot.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.support.FakeRaftNode;

class RaftMeterBinderTest {

    private static final List<String> CONTRACT_METERS = List.of("raft.term", "raft.commit.index", "raft.applied.index",
            "raft.leader.changes", "raft.elections", "raft.proposals", "raft.commit.latency", "raft.apply.latency",
            "raft.fsync.latency", "raft.append.latency", "raft.replication.lag", "raft.snapshots", "raft.resp.connections",
            "raft.resp.commands", "raft.write.stage");

    private final Thread testThread = Thread.currentThread();
    /** Status builds asked for by this test's thread (the peer refresher has a thread of its own). */
    private final AtomicInteger statusBuilds = new AtomicInteger();
    private final FakeRaftNode node = new FakeRaftNode() {
        @Override
        public NodeStatus status() {
            if (Thread.currentThread() == testThread) {
                statusBuilds.incrementAndGet();
            }
            return super.status();
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RaftMeterBinder binder = new RaftMeterBinder(
            new StaticListableBeanFactory(Map.of("raftNode", node)).getBeanProvider(RaftNode.class));

    @AfterEach
    void stop() {
        binder.stop();
    }

    @Test
    void registersExactlyTheContractsMetersTaggedWithTheNodeId() {
        binder.bindTo(registry);
        binder.start();
        binder.proposal("accepted");
        binder.command("set", "ok");
        binder.refreshPeers();
        assertThat(registry.getMeters().stream().map(meter -> meter.getId().getName()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(CONTRACT_METERS);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("node.id")).isEqualTo("n1"));
    }

    @Test
    void gaugesFollowTheNodeStatus() {
        binder.start();
        binder.bindTo(registry);
        assertThat(registry.get("raft.term").gauge().value()).isEqualTo(3);
        assertThat(registry.get("raft.commit.index").gauge().value()).isEqualTo(42);
        assertThat(registry.get("raft.applied.index").gauge().value()).isEqualTo(41);
        NodeStatus before = node.status();
        node.setStatus(new NodeStatus(before.id(), before.clusterId(), before.role(), 9, before.leaderId(),
                before.leaderAddress(), 100, 99, 101, 9, 0, 0, before.durability(), before.consistency(), before.members()));
        assertThat(registry.get("raft.term").gauge().value()).isEqualTo(9);
        assertThat(registry.get("raft.commit.index").gauge().value()).isEqualTo(100);
    }

    @Test
    void oneScrapeBuildsTheStatusOnceAndTheNextScrapeSeesItsChanges() {
        binder.bindTo(registry);
        binder.start();
        int before = statusBuilds.get();
        Map<String, Double> first = scrape();
        assertThat(statusBuilds.get() - before).isEqualTo(1);
        assertThat(first).containsEntry("raft.term", 3.0).containsEntry("raft.commit.index", 42.0)
                .containsEntry("raft.applied.index", 41.0);

        NodeStatus s = node.status();
        node.setStatus(new NodeStatus(s.id(), s.clusterId(), s.role(), 9, s.leaderId(), s.leaderAddress(), 100, 99,
                101, 9, 0, 0, s.durability(), s.consistency(), s.members()));
        before = statusBuilds.get();
        Map<String, Double> second = scrape();
        assertThat(statusBuilds.get() - before).isEqualTo(1);
        assertThat(second).containsEntry("raft.term", 9.0).containsEntry("raft.commit.index", 100.0)
                .containsEntry("raft.applied.index", 99.0);
    }

    /** What a registry does when it publishes: measures every meter once. */
    private Map<String, Double> scrape() {
        Map<String, Double> values = new java.util.HashMap<>();
        for (Meter meter : registry.getMeters()) {
            for (io.micrometer.core.instrument.Measurement measurement : meter.measure()) {
                values.putIfAbsent(meter.getId().getName(), measurement.getValue());
            }
        }
        return values;
    }

    @Test
    void aBatchOfProposalsCountsEachOne() {
        binder.bindTo(registry);
        binder.start();
        binder.proposal("accepted");
        binder.proposals("accepted", 5);
        binder.proposals("timeout", 0);
        assertThat(registry.get("raft.proposals").tag("result", "accepted").counter().count()).isEqualTo(6);
    }

    @Test
    void callbacksCountAndTime() {
        binder.bindTo(registry);
        binder.leaderChanged();
        binder.start();
        binder.leaderChanged();
        binder.electionStarted();
        binder.snapshotTaken();
        binder.snapshotTaken();
        binder.connections(7);
        binder.proposal("accepted");
        binder.proposal("accepted");
        binder.proposal("redirected");
        binder.command("set", "ok");
        binder.command("unknown", "error");
        binder.commitLatency(TimeUnit.MILLISECONDS.toNanos(3));
        binder.applyLatency(1000);
        binder.fsyncLatency(2000);
        binder.appendLatency(3000);
        // events before the node started still count: counters read running totals
        assertThat(registry.get("raft.leader.changes").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("raft.elections").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("raft.snapshots").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("raft.resp.connections").gauge().value()).isEqualTo(7);
        assertThat(registry.get("raft.proposals").tag("result", "accepted").counter().count()).isEqualTo(2);
        assertThat(registry.get("raft.proposals").tag("result", "redirected").counter().count()).isEqualTo(1);
        assertThat(registry.get("raft.resp.commands").tags("command", "set", "result", "ok").counter().count()).isEqualTo(1);
        assertThat(registry.get("raft.resp.commands").tags("command", "unknown", "result", "error").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("raft.commit.latency").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
        assertThat(registry.get("raft.apply.latency").timer().count()).isEqualTo(1);
        assertThat(registry.get("raft.fsync.latency").timer().count()).isEqualTo(1);
        assertThat(registry.get("raft.append.latency").timer().totalTime(TimeUnit.NANOSECONDS)).isEqualTo(3000);
    }

    @Test
    void eachWriteStageHasItsOwnTimerTaggedWithTheStageAndTheNodeId() {
        binder.bindTo(registry);
        binder.start();
        binder.writeStages(1_000, 2_000, 3_000, 4_000, 5_000);
        binder.writeStages(10_000, 20_000, 30_000, 40_000, 50_000);
        List<String> stages = List.of("queue", "fsync", "replication", "apply", "reply");
        for (int i = 0; i < stages.size(); i++) {
            io.micrometer.core.instrument.Timer timer = registry.get("raft.write.stage").tags("node.id", "n1",
                    "stage", stages.get(i)).timer();
            assertThat(timer.count()).as(stages.get(i)).isEqualTo(2);
            assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).as(stages.get(i)).isEqualTo(11_000 * (i + 1));
        }
        assertThat(registry.find("raft.write.stage").timers()).hasSize(stages.size());
    }

    @Test
    void replicationLagHasOneGaugePerPeerAndLosesRemovedPeers() {
        binder.bindTo(registry);
        binder.start();
        binder.refreshPeers();
        assertThat(registry.get("raft.replication.lag").tag("peer", "n2").gauge().value()).isEqualTo(3);
        assertThat(registry.get("raft.replication.lag").tag("peer", "n3").gauge().value()).isEqualTo(13);
        assertThat(registry.find("raft.replication.lag").tag("peer", "n1").gauge()).isNull();

        NodeStatus before = node.status();
        List<MemberStatus> withoutN3 = before.members().subList(0, 2);
        node.setStatus(new NodeStatus(before.id(), before.clusterId(), before.role(), before.term(), before.leaderId(),
                before.leaderAddress(), before.commitIndex(), before.appliedIndex(), 50, before.lastLogTerm(),
                before.lastSnapshotIndex(), before.lastSnapshotTerm(), before.durability(), before.consistency(), withoutN3));
        binder.refreshPeers();
        assertThat(registry.get("raft.replication.lag").tag("peer", "n2").gauge().value()).isEqualTo(10);
        assertThat(registry.find("raft.replication.lag").tag("peer", "n3").gauge()).isNull();
    }

    @Test
    void followersReportNoReplicationLag() {
        NodeStatus leader = node.status();
        node.setStatus(new NodeStatus("n2", leader.clusterId(), io.raftboot.api.NodeRole.FOLLOWER, leader.term(), "n1",
                leader.leaderAddress(), 42, 42, 43, 3, 0, 0, leader.durability(), leader.consistency(), leader.members()));
        binder.bindTo(registry);
        binder.start();
        binder.refreshPeers();
        assertThat(registry.find("raft.replication.lag").gauges()).isEmpty();
    }

    @Test
    void stoppingRemovesTheMeters() {
        binder.bindTo(registry);
        binder.start();
        binder.proposal("accepted");
        binder.refreshPeers();
        binder.stop();
        assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
        assertThat(binder.isRunning()).isFalse();
    }
}
