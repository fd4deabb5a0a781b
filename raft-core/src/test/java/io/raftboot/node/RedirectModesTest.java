package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import io.raftboot.api.Redirect;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

class RedirectModesTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private TestCluster.Member followerKnowingLeader(TestCluster.Member leader) {
        TestCluster.Member follower = cluster.followers().get(0);
        await().atMost(TestCluster.WAIT).until(() -> leader.address().equals(follower.node().status().leaderAddress()));
        return follower;
    }

    @Test
    void movedModeAnswersMovedAndDescribesOneShardOwnedByTheLeader() {
        cluster = TestCluster.start(3, b -> b.redirect(Redirect.MOVED));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = followerKnowingLeader(leader);
        try (Jedis jedis = follower.jedis()) {
            assertThatThrownBy(() -> jedis.set("k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage("MOVED 0 " + leader.address());
            @SuppressWarnings("unchecked")
            List<Object> slots = (List<Object>) jedis.sendCommand(Protocol.Command.CLUSTER, "SLOTS");
            @SuppressWarnings("unchecked")
            List<Object> range = (List<Object>) slots.get(0);
            assertThat(range.get(0)).isEqualTo(0L);
            assertThat(range.get(1)).isEqualTo(16383L);
            @SuppressWarnings("unchecked")
            List<Object> owner = (List<Object>) range.get(2);
            assertThat((long) owner.get(1)).isEqualTo(leader.port);
        }
    }

    @Test
    void proxyModeForwardsToTheLeaderAndReadsOnThatConnectionSeeTheWrite() {
        cluster = TestCluster.start(3, b -> b.redirect(Redirect.PROXY).consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = followerKnowingLeader(leader);
        try (Jedis jedis = follower.jedis()) {
            for (int i = 0; i < 20; i++) {
                assertThat(jedis.set("p", "v" + i)).isEqualTo("OK");
                // a local read at low consistency, yet it waits until this member applied the write
                assertThat(jedis.get("p")).isEqualTo("v" + i);
            }
        }
        try (Jedis jedis = leader.jedis()) {
            assertThat(jedis.get("p")).isEqualTo("v19");
        }
    }

    @Test
    void proxyModeForwardsLeaderOnlyReadsAtHighConsistency() {
        cluster = TestCluster.start(3, b -> b.redirect(Redirect.PROXY));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = followerKnowingLeader(leader);
        try (Jedis jedis = follower.jedis()) {
            assertThat(jedis.set("h", "1")).isEqualTo("OK");
            assertThat(jedis.get("h")).isEqualTo("1");
            assertThat(jedis.incr("n")).isEqualTo(1);
        }
    }

    @Test
    void proxyModeForwardsMembershipCommandsToTheLeader() {
        cluster = TestCluster.start(3, b -> b.redirect(Redirect.PROXY));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = followerKnowingLeader(leader);
        TestCluster.Member removed = cluster.followers().stream().filter(m -> m != follower).findFirst().orElseThrow();
        try (Jedis jedis = follower.jedis()) {
            assertThat(SingleNodeTest.send(jedis, "RAFTREMOVEPEER", removed.id())).isEqualTo("OK");
        }
        await().atMost(TestCluster.WAIT).until(() -> leader.node().status().members().size() == 2);
    }

    @Test
    void withoutAKnownLeaderTheAnswerIsClusterDown() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        List<TestCluster.Member> followers = cluster.followers();
        cluster.stop(leader);
        cluster.stop(followers.get(1));
        TestCluster.Member alone = followers.get(0);
        // alone, it cannot elect anyone: once it forgot the old leader, writes get CLUSTERDOWN
        try (Jedis jedis = alone.jedis()) {
            await().atMost(TestCluster.WAIT).untilAsserted(() -> assertThatThrownBy(() -> jedis.set("k", "v"))
                    .isInstanceOf(JedisDataException.class).hasMessage("CLUSTERDOWN leader not known"));
        }
    }
}
