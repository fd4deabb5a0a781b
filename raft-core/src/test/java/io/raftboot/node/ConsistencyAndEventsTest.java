package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class ConsistencyAndEventsTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leaseReadsOnTheLeaderSeeEveryAcknowledgedWriteAcrossAFailover() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.MEDIUM));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            for (int i = 0; i < 20; i++) {
                jedis.set("m", "v" + i);
                assertThat(jedis.get("m")).isEqualTo("v" + i);
            }
        }
        TestCluster.Member follower = cluster.followers().get(0);
        await().atMost(TestCluster.WAIT).until(() -> leader.address().equals(follower.node().status().leaderAddress()));
        try (Jedis jedis = follower.jedis()) {
            assertThatThrownBy(() -> jedis.get("m")).isInstanceOf(JedisDataException.class)
                    .hasMessage("TRY " + leader.address());
        }
        cluster.stop(leader);
        TestCluster.Member next = cluster.awaitLeader();
        try (Jedis jedis = next.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "v19".equals(jedis.get("m")));
        }
    }

    @Test
    void listenersHearRoleAndLeaderChanges() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member watcher = cluster.followers().get(0);
        List<String> leaders = new CopyOnWriteArrayList<>();
        List<NodeRole> roles = new CopyOnWriteArrayList<>();
        watcher.node().addListener(new RaftListener() {
            @Override
            public void roleChanged(NodeRole previous, NodeRole current, long term) {
                roles.add(current);
            }

            @Override
            public void leaderChanged(String leaderId, String leaderAddress, long term) {
                if (leaderId != null) {
                    leaders.add(leaderId);
                }
            }
        });
        cluster.stop(leader);
        TestCluster.Member next = cluster.awaitLeader();
        await().atMost(TestCluster.WAIT).until(() -> leaders.contains(next.id()));
        assertThat(leaders).doesNotContain(leader.id());
        if (next == watcher) {
            assertThat(roles).contains(NodeRole.LEADER);
        }
    }
}
