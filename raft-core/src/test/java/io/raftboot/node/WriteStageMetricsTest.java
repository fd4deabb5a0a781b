package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Durability;
import io.raftboot.api.RaftMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A write through a real node reports its stages once, and the fsync timer counts real fsyncs only. */
class WriteStageMetricsTest {
    TestCluster cluster;
    final Recorder metrics = new Recorder();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Stages(long queue, long fsync, long replication, long apply, long reply) {
        /** Up to the moment the state machine returned: all of it happened while the client waited. */
        long untilApplied() {
            return queue + replication + apply;
        }
    }

    static final class Recorder implements RaftMetrics {
        final List<Stages> writes = new CopyOnWriteArrayList<>();
        final AtomicInteger fsyncs = new AtomicInteger();

        @Override
        public void writeStages(long queueNanos, long fsyncNanos, long replicationNanos, long applyNanos,
                                long replyNanos) {
            writes.add(new Stages(queueNanos, fsyncNanos, replicationNanos, applyNanos, replyNanos));
        }

        @Override
        public void fsyncLatency(long nanos) {
            fsyncs.incrementAndGet();
        }
    }

    @Test
    void eachWriteReportsEveryStageOnceWithinTheTimeItsClientWaited() {
        cluster = TestCluster.start(1, b -> b.metrics(metrics).durability(Durability.HIGH));
        long[] clientWaited = new long[3];
        try (Jedis jedis = cluster.member(0).jedis()) {
            for (int i = 0; i < clientWaited.length; i++) {
                long start = System.nanoTime();
                jedis.set("k" + i, "v");
                clientWaited[i] = System.nanoTime() - start;
            }
        }
        // reported right after the reply was handed over, so possibly after the client read it
        await().until(() -> metrics.writes.size() >= clientWaited.length);

        assertThat(metrics.writes).hasSize(clientWaited.length);
        for (int i = 0; i < clientWaited.length; i++) {
            Stages s = metrics.writes.get(i);
            assertThat(List.of(s.queue(), s.fsync(), s.replication(), s.apply(), s.reply()))
                    .as("write %d: %s", i, s).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
            assertThat(s.fsync()).as("a real append with an fsync took time: %s", s).isPositive();
            // the local append happens between proposal and commit: the leader commits only what it holds durably
            assertThat(s.fsync()).as("%s", s).isLessThanOrEqualTo(s.replication());
            assertThat(s.untilApplied()).as("%s", s).isLessThanOrEqualTo(clientWaited[i]);
        }
        assertThat(metrics.fsyncs.get()).as("high fsyncs each group commit").isPositive();
    }

    @Test
    void lowDurabilityCountsNoFsyncWhileWritesSucceed() {
        cluster = TestCluster.start(1, b -> b.metrics(metrics).durability(Durability.LOW));
        try (Jedis jedis = cluster.member(0).jedis()) {
            for (int i = 0; i < 5; i++) {
                assertThat(jedis.set("k" + i, "v")).isEqualTo("OK");
            }
        }
        await().until(() -> metrics.writes.size() >= 5);

        assertThat(metrics.fsyncs.get()).isZero();
        // the append still happened, without an fsync
        assertThat(metrics.writes).allSatisfy(s -> assertThat(s.fsync()).isNotNegative());
    }
}
