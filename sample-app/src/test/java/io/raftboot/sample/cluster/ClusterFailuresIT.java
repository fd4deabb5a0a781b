package io.raftboot.sample.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** Failures of real processes with the default (linearizable) configuration. */
class ClusterFailuresIT {

    private SampleCluster cluster;

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Writes {@code count} keys through the leader; every one of them was acknowledged. */
    private static List<String> writeAcknowledged(SampleCluster.Node leader, String prefix, int count) {
        List<String> keys = new ArrayList<>();
        try (Jedis jedis = leader.jedis()) {
            for (int i = 0; i < count; i++) {
                String key = prefix + i;
                assertThat(jedis.set(key, "value-" + i)).isEqualTo("OK");
                keys.add(key);
            }
        }
        return keys;
    }

    private static void assertAllPresent(SampleCluster.Node leader, List<String> keys) {
        try (Jedis jedis = leader.jedis()) {
            for (int i = 0; i < keys.size(); i++) {
                assertThat(jedis.get(keys.get(i))).as(keys.get(i)).isEqualTo("value-" + i);
            }
        }
    }

    @Test
    void aKilledLeaderIsReplacedAndNoAcknowledgedWriteIsLost() throws Exception {
        cluster = new SampleCluster(3).start();
        SampleCluster.Node oldLeader = cluster.leader();
        List<String> before = writeAcknowledged(oldLeader, "before:", 300);

        // reads on a follower are redirected at the default consistency (high)
        SampleCluster.Node follower = cluster.followers().get(0);
        try (Jedis jedis = follower.jedis()) {
            assertThatThrownBy(() -> jedis.get("before:0")).isInstanceOf(JedisDataException.class)
                    .hasMessage("TRY " + oldLeader.address());
        }

        cluster.kill(oldLeader);
        SampleCluster.Node newLeader = cluster.awaitLeaderKnownByAll();
        assertThat(newLeader).isNotSameAs(oldLeader);
        assertAllPresent(newLeader, before);
        List<String> after = writeAcknowledged(newLeader, "after:", 100);

        // the old leader comes back as a follower and catches up
        cluster.launch(oldLeader);
        SampleCluster.Node leader = cluster.awaitLeaderKnownByAll();
        assertAllPresent(leader, before);
        assertAllPresent(leader, after);
        long committed = Long.parseLong(stats(leader).get("commit_index"));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> Long.parseLong(stats(oldLeader).get("applied_index")) >= committed);
    }

    /** RAFTSTATS as a map. */
    private static Map<String, String> stats(SampleCluster.Node node) {
        try (Jedis jedis = node.jedis()) {
            List<?> flat = (List<?>) jedis.sendCommand(() -> "RAFTSTATS".getBytes(StandardCharsets.US_ASCII));
            Map<String, String> stats = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                stats.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8),
                        new String((byte[]) flat.get(i + 1), StandardCharsets.UTF_8));
            }
            return stats;
        }
    }

    @Test
    void aFullRestartKeepsAllData() throws Exception {
        cluster = new SampleCluster(3).start();
        SampleCluster.Node leader = cluster.leader();
        List<String> keys = writeAcknowledged(leader, "durable:", 200);
        long ttlSetAt = System.nanoTime();
        try (Jedis jedis = leader.jedis()) {
            jedis.set("durable:ttl", "t", SetParams.setParams().ex(3600));
            jedis.incrBy("durable:counter", 42);
            jedis.append("durable:text", "hello");
        }

        for (SampleCluster.Node node : cluster.nodes()) {
            cluster.stop(node);
        }
        assertThat(cluster.running()).isEmpty();
        for (SampleCluster.Node node : cluster.nodes()) {
            cluster.launch(node);
        }
        SampleCluster.Node newLeader = cluster.awaitLeaderKnownByAll();
        assertAllPresent(newLeader, keys);
        try (Jedis jedis = newLeader.jedis()) {
            // the expiry is an absolute time: it kept running while the cluster was down
            long elapsedSeconds = (System.nanoTime() - ttlSetAt) / 1_000_000_000L;
            assertThat(jedis.ttl("durable:ttl")).isBetween(3600 - elapsedSeconds - 2, 3600 - elapsedSeconds + 1);
            assertThat(jedis.get("durable:counter")).isEqualTo("42");
            assertThat(jedis.get("durable:text")).isEqualTo("hello");
            assertThat(jedis.dbSize()).isEqualTo(203);
            assertThat(jedis.incr("durable:counter")).isEqualTo(43);
        }
    }
}
