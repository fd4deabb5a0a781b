package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class ThreeNodeClusterTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aWriteOnTheLeaderIsReadOnEveryMemberAtLowConsistency() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            assertThat(jedis.set("k", "v1")).isEqualTo("OK");
        }
        for (TestCluster.Member m : cluster.members()) {
            try (Jedis jedis = m.jedis()) {
                await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "v1".equals(jedis.get("k")));
            }
        }
    }

    @Test
    void aWriteOnAFollowerIsRedirectedToTheLeader() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = cluster.followers().get(0);
        await().atMost(TestCluster.WAIT).until(() -> leader.address().equals(follower.node().status().leaderAddress()));
        try (Jedis jedis = follower.jedis()) {
            assertThatThrownBy(() -> jedis.set("k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage("TRY " + leader.address());
            // a leader-only read at the default (high) consistency is redirected as well
            assertThatThrownBy(() -> jedis.get("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("TRY " + leader.address());
            assertThat(SingleNodeTest.send(jedis, "RAFTLEADER")).isEqualTo(leader.address());
            assertThat(SingleNodeTest.send(jedis, "RAFTSTATE")).isEqualTo("Follower");
        }
        assertThatThrownBy(() -> follower.node().execute(io.raftboot.api.Command.of("SET", "k", "v")).join())
                .as("application code on a follower gets the same redirect")
                .hasRootCauseInstanceOf(io.raftboot.api.CommandException.class)
                .hasRootCauseMessage("TRY " + leader.address());
    }

    @Test
    void raftPeersListsEveryMemberSortedByAddress() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            await().atMost(TestCluster.WAIT).untilAsserted(() -> {
                @SuppressWarnings("unchecked")
                List<byte[]> flat = (List<byte[]>) jedis.sendCommand(() -> "RAFTPEERS".getBytes());
                List<String> values = flat.stream().map(String::new).toList();
                List<String> addresses = List.of(values.get(0), values.get(2), values.get(4));
                assertThat(addresses).isSorted()
                        .containsExactlyInAnyOrderElementsOf(cluster.members().stream().map(TestCluster.Member::address).toList());
                assertThat(values.get(values.indexOf(leader.address()) + 1)).isEqualTo("Leader");
                assertThat(values).doesNotContain("Unreachable");
            });
        }
    }
}
