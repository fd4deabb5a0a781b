package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class FailoverTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leadershipTransferMovesLeadershipToTheNamedMember() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member target = cluster.followers().get(0);
        try (Jedis jedis = leader.jedis()) {
            jedis.set("before", "1");
            assertThat(SingleNodeTest.send(jedis, "RAFTTRANSFER", target.id())).isEqualTo("OK");
        }
        await().atMost(TestCluster.WAIT).until(() -> cluster.currentLeader() == target);
        try (Jedis jedis = target.jedis()) {
            assertThat(jedis.set("after", "2")).isEqualTo("OK");
            assertThat(jedis.get("before")).isEqualTo("1");
        }
    }

    @Test
    void whenTheLeaderIsKilledANewLeaderServesAndNothingAcknowledgedIsLost() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        List<String> acknowledged = new ArrayList<>();
        try (Jedis jedis = leader.jedis()) {
            for (int i = 0; i < 200; i++) {
                assertThat(jedis.set("key" + i, "value" + i)).isEqualTo("OK");
                acknowledged.add("key" + i);
            }
        }
        cluster.stop(leader);
        TestCluster.Member next = cluster.awaitLeader();
        assertThat(next).isNotSameAs(leader);
        try (Jedis jedis = next.jedis()) {
            assertThat(jedis.set("new", "leader")).isEqualTo("OK");
            for (String key : acknowledged) {
                assertThat(jedis.get(key)).isEqualTo("value" + key.substring(3));
            }
        }
    }

    @Test
    void aMemberRestartedFromItsDataDirRejoinsAndCatchesUp() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = cluster.followers().get(0);
        try (Jedis jedis = leader.jedis()) {
            jedis.set("a", "1");
        }
        cluster.stop(follower);
        try (Jedis jedis = leader.jedis()) {
            jedis.set("b", "2");
        }
        cluster.startMember(follower);
        try (Jedis jedis = follower.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "1".equals(jedis.get("a")) && "2".equals(jedis.get("b")));
        }
    }

    @Test
    void theWholeClusterRestartsFromItsDataDirs() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        try (Jedis jedis = cluster.awaitLeader().jedis()) {
            jedis.set("persisted", "yes");
        }
        for (TestCluster.Member m : cluster.members()) {
            cluster.stop(m);
        }
        for (TestCluster.Member m : cluster.members()) {
            cluster.startMember(m);
        }
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "yes".equals(jedis.get("persisted")));
        }
    }

    @Test
    void aMemberRestartsFromItsSnapshotAndTheLogBehindIt() {
        cluster = TestCluster.start(1, b -> b.snapshotThreshold(100).snapshotLogSizeRatio(0)
                .snapshotInterval(Duration.ofMillis(20)).snapshotTrailingEntries(30));
        TestCluster.Member m = cluster.member(0);
        try (Jedis jedis = m.jedis()) {
            for (int i = 0; i < 450; i++) {
                jedis.set("s" + i, "v" + i);
            }
        }
        await().atMost(TestCluster.WAIT).until(() -> m.node().status().lastSnapshotIndex() >= 300);
        cluster.stop(m);
        cluster.startMember(m);
        try (Jedis jedis = m.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "v449".equals(jedis.get("s449")));
            assertThat(jedis.get("s0")).isEqualTo("v0");
            assertThat(jedis.set("s450", "v450")).isEqualTo("OK");
        }
        assertThat(m.node().status().lastSnapshotIndex()).isGreaterThanOrEqualTo(300);
    }
}
