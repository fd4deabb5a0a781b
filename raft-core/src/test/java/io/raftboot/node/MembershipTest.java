package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

class MembershipTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private RaftOptions.Builder joiner(TestCluster.Member slot, String join) {
        return RaftOptions.builder().nodeId(slot.id()).host("127.0.0.1").port(slot.port).dataDir(slot.dataDir)
                .electionTimeout(TestCluster.ELECTION).heartbeatInterval(TestCluster.HEARTBEAT)
                .consistency(Consistency.LOW).snapshotThreshold(1000).snapshotLogSizeRatio(0)
                .snapshotInterval(Duration.ofMillis(20)).snapshotTrailingEntries(100)
                .shutdownTimeout(Duration.ofSeconds(1)).join(join);
    }

    @Test
    void aMemberAddedWhileTenThousandEntriesExistCatchesUpBySnapshot() {
        cluster = TestCluster.start(1, b -> b.consistency(Consistency.LOW).snapshotThreshold(1000)
                .snapshotLogSizeRatio(0).snapshotInterval(Duration.ofMillis(20)).snapshotTrailingEntries(100));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 10_000; i++) {
                pipeline.set("key" + i, "value" + i);
            }
            pipeline.sync();
        }
        await().atMost(TestCluster.WAIT).until(() -> leader.node().status().lastSnapshotIndex() >= 9000);
        NodeStatus before = leader.node().status();
        TestCluster.Member joiner = cluster.addSlot("joiner");
        cluster.startMember(joiner, joiner(joiner, leader.address()));
        await().atMost(TestCluster.WAIT).until(() -> leader.node().status().members().stream()
                .anyMatch(m -> m.id().equals("joiner") && m.voter()));
        try (Jedis jedis = joiner.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "value9999".equals(jedis.get("key9999")));
            assertThat(jedis.get("key0")).isEqualTo("value0");
        }
        // it caught up from the snapshot: its log starts behind the leader's snapshot, not at 1
        NodeStatus joined = joiner.node().status();
        assertThat(joined.lastSnapshotIndex()).isGreaterThanOrEqualTo(before.lastSnapshotIndex());
        assertThat(joined.clusterId()).isEqualTo(before.clusterId());
    }

    @Test
    void aLearnerAddedUnderAnEarlierLeaderIsPromotedWhenItsJoinReachesTheNewLeader() {
        cluster = TestCluster.start(3, b -> b.joinTimeout(Duration.ofSeconds(2)));
        TestCluster.Member first = cluster.awaitLeader();
        TestCluster.Member late = cluster.addSlot("late");
        try (Jedis jedis = first.jedis()) {
            // not running yet, so it cannot catch up: added as a learner, never promoted by this leader
            assertThatThrownBy(() -> SingleNodeTest.send(jedis, "RAFTADDPEER", late.address(), late.id()))
                    .isInstanceOf(JedisDataException.class).hasMessage("TIMEOUT not caught up");
            assertThat(SingleNodeTest.send(jedis, "RAFTTRANSFER")).isEqualTo("OK");
        }
        TestCluster.Member second = cluster.awaitLeader();
        assertThat(second).isNotSameAs(first);
        assertThat(second.node().status().members()).anyMatch(m -> m.id().equals("late") && !m.voter());

        // its own join asks the new leader again, which takes the promotion over
        cluster.startMember(late, joiner(late, first.address()).joinTimeout(Duration.ofSeconds(2)));
        await().atMost(TestCluster.WAIT).until(() -> second.node().status().members().stream()
                .anyMatch(m -> m.id().equals("late") && m.voter()));
    }

    @Test
    void aJoinKeepsAskingPastTheJoinTimeoutUntilTheMemberIsAVoter() {
        cluster = TestCluster.start(3, b -> b.joinTimeout(Duration.ofMillis(500)));
        TestCluster.Member first = cluster.awaitLeader();
        List<TestCluster.Member> others = cluster.followers();
        others.forEach(cluster::stop);
        await().atMost(TestCluster.WAIT).until(() -> first.node().status().role() != NodeRole.LEADER);

        // no quorum: nobody can add it, for several join timeouts
        TestCluster.Member late = cluster.addSlot("late");
        cluster.startMember(late, joiner(late, first.address()).joinTimeout(Duration.ofMillis(500)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> first.node().status().members().stream().noneMatch(m -> m.id().equals("late")));

        // the quorum returns: the join, still asking, makes it a voter
        others.forEach(cluster::startMember);
        await().atMost(TestCluster.WAIT).until(() -> cluster.currentLeader() != null && cluster.currentLeader().node()
                .status().members().stream().anyMatch(m -> m.id().equals("late") && m.voter()));
    }

    @Test
    void aLeaderRemovingItselfAnswersOkOnceTheRemovalCommitsAndTheOthersCarryOn() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            assertThat(SingleNodeTest.send(jedis, "RAFTREMOVEPEER", leader.id())).isEqualTo("OK");
        }
        cluster.stop(leader);
        TestCluster.Member next = cluster.awaitLeader();
        assertThat(next.node().status().members()).extracting(MemberStatus::id).doesNotContain(leader.id())
                .hasSize(2);
    }

    @Test
    void aRemovedMemberStopsCounting() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member removed = cluster.followers().get(0);
        TestCluster.Member remaining = cluster.followers().get(1);
        try (Jedis jedis = leader.jedis()) {
            assertThat(SingleNodeTest.send(jedis, "RAFTREMOVEPEER", removed.address())).isEqualTo("OK");
        }
        await().atMost(TestCluster.WAIT).until(() -> leader.node().status().members().size() == 2);
        cluster.stop(removed);
        // two voters left: the leader and one follower form the quorum; writes still commit
        try (Jedis jedis = leader.jedis()) {
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
        }
        // and with the other follower gone too, one of two voters is no quorum: the write cannot
        // succeed (it times out, or the leader already stepped down and knows no leader)
        cluster.stop(remaining);
        try (Jedis jedis = leader.jedis()) {
            assertThatThrownBy(() -> jedis.set("k", "w")).isInstanceOf(JedisDataException.class)
                    .satisfies(e -> assertThat(e.getMessage()).matches("TIMEOUT outcome unknown|CLUSTERDOWN leader not known"));
        }
    }

    @Test
    void addPeerRefusesAnIdThatIsAlreadyConfigured() {
        cluster = TestCluster.start(1);
        TestCluster.Member m = cluster.member(0);
        try (Jedis jedis = m.jedis()) {
            assertThatThrownBy(() -> SingleNodeTest.send(jedis, "RAFTADDPEER", "127.0.0.1:1", "n1"))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("already configured");
            assertThatThrownBy(() -> SingleNodeTest.send(jedis, "RAFTADDPEER", m.address(), "n1"))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("already configured");
        }
    }

    @Test
    void aWipedMemberCannotComeBackUnderItsOldIdFromStaticPeers() throws Exception {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            jedis.set("k", "v");
        }
        TestCluster.Member wiped = cluster.followers().get(0);
        cluster.stop(wiped);
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(wiped.dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThatThrownBy(() -> cluster.startMember(wiped)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("member data lost: remove it, then join with a new id");
    }

    @Test
    void membersListedInStatusHaveAddressesAndVoterFlags() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        await().atMost(TestCluster.WAIT).untilAsserted(() -> {
            NodeStatus status = leader.node().status();
            assertThat(status.members()).extracting(MemberStatus::id).containsExactly("n1", "n2", "n3");
            assertThat(status.members()).allMatch(MemberStatus::voter);
            assertThat(status.members()).allMatch(m -> m.matchIndex() >= status.commitIndex() || m.matchIndex() > 0);
        });
    }
}
