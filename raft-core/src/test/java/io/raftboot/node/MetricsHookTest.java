package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Durability;
import io.raftboot.api.RaftMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/** The callbacks a metrics binder reads are called from the places they describe. */
class MetricsHookTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static final class Counting implements RaftMetrics {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final AtomicInteger connections = new AtomicInteger(-1);

        long count(String key) {
            AtomicLong value = counts.get(key);
            return value == null ? 0 : value.get();
        }

        private void add(String key) {
            counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void leaderChanged() {
            add("leaderChanged");
        }

        @Override
        public void electionStarted() {
            add("election");
        }

        @Override
        public void proposal(String result) {
            add("proposal." + result);
        }

        @Override
        public void commitLatency(long nanos) {
            add("commitLatency");
        }

        @Override
        public void applyLatency(long nanos) {
            add("applyLatency");
        }

        @Override
        public void fsyncLatency(long nanos) {
            add("fsyncLatency");
        }

        @Override
        public void snapshotTaken() {
            add("snapshot");
        }

        @Override
        public void connections(int open) {
            connections.set(open);
        }

        @Override
        public void command(String command, String result) {
            add("command." + command + "." + result);
        }
    }

    @Test
    void callbacksFireForWritesCommandsSnapshotsAndConnections() {
        Counting metrics = new Counting();
        // high: the fsync timer counts real fsyncs, and low (the cluster's default) makes none
        cluster = TestCluster.start(1, b -> b.metrics(metrics).durability(Durability.HIGH));
        try (Jedis jedis = cluster.member(0).jedis()) {
            jedis.set("k", "v");
            jedis.get("k");
            assertThatThrownBy(() -> jedis.sendCommand(() -> SafeEncoder.encode("NOPE")));
            jedis.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOT"));
            await().untilAsserted(() -> {
                assertThat(metrics.count("proposal.accepted")).isEqualTo(1);
                assertThat(metrics.count("commitLatency")).isEqualTo(1);
                assertThat(metrics.count("applyLatency")).isEqualTo(1);
                assertThat(metrics.count("fsyncLatency")).isPositive();
                assertThat(metrics.count("command.set.ok")).isEqualTo(1);
                assertThat(metrics.count("command.get.ok")).isEqualTo(1);
                assertThat(metrics.count("command.unknown.error")).isEqualTo(1);
                assertThat(metrics.count("snapshot")).isEqualTo(1);
                assertThat(metrics.count("leaderChanged")).isPositive();
                assertThat(metrics.connections.get()).isPositive();
            });
        }
    }
}
