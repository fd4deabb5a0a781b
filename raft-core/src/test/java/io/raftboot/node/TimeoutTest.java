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

class TimeoutTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anEntryWhoseLeaderLostItsQuorumGetsTimeoutNeverADefiniteFailure() {
        // a longer election timeout: the leader must still lead when the write arrives, after both
        // followers were stopped, and only then find out it lost its quorum
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW).electionTimeout(java.time.Duration.ofSeconds(1))
                .heartbeatInterval(java.time.Duration.ofMillis(100)));
        TestCluster.Member leader = cluster.awaitLeader();
        List<TestCluster.Member> followers = cluster.followers();
        try (Jedis jedis = leader.jedis()) {
            jedis.set("k", "before");
            cluster.stop(followers.get(0));
            cluster.stop(followers.get(1));
            // appended to the leader's log, but no quorum will ever acknowledge it in this term
            assertThatThrownBy(() -> jedis.set("k", "unknown")).isInstanceOf(JedisDataException.class)
                    .hasMessage("TIMEOUT outcome unknown");
        }
        // the entry may still commit under a later leader: bring the others back and see it settle
        cluster.startMember(followers.get(0));
        cluster.startMember(followers.get(1));
        TestCluster.Member next = cluster.awaitLeader();
        try (Jedis jedis = next.jedis()) {
            assertThat(jedis.set("k", "after")).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("after");
        }
    }

    @Test
    void aReadWithoutQuorumTimesOutAtHighConsistency() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        List<TestCluster.Member> followers = cluster.followers();
        cluster.stop(followers.get(0));
        cluster.stop(followers.get(1));
        try (Jedis jedis = leader.jedis()) {
            // either the read's quorum check fails, or the leader already stepped down: never a value
            await().atMost(TestCluster.WAIT).untilAsserted(() -> assertThatThrownBy(() -> jedis.get("k"))
                    .isInstanceOf(JedisDataException.class)
                    .satisfies(e -> assertThat(e.getMessage()).matches("TIMEOUT no quorum for read|CLUSTERDOWN.*|TRY.*")));
        }
    }

    @Test
    void fiveMembersServeWhileTwoAreDown() {
        cluster = TestCluster.start(5, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            jedis.set("five", "1");
        }
        List<TestCluster.Member> followers = cluster.followers();
        cluster.stop(followers.get(0));
        cluster.stop(leader);
        TestCluster.Member next = cluster.awaitLeader();
        try (Jedis jedis = next.jedis()) {
            // a local read: the new leader may still be applying what it already holds
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "1".equals(jedis.get("five")));
            assertThat(jedis.set("five", "2")).isEqualTo("OK");
        }
        for (TestCluster.Member m : cluster.members()) {
            if (m.running()) {
                try (Jedis jedis = m.jedis()) {
                    await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "2".equals(jedis.get("five")));
                }
            }
        }
    }
}
