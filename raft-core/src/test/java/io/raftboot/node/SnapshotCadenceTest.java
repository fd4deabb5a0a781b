package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.RaftMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The same writes against a small and a large state: the large one is snapshotted in proportion to
 * its size, not every {@code raft.snapshot.threshold} entries, also after a restart (the policy
 * starts from the newest snapshot's size).
 */
class SnapshotCadenceTest {
    private static final int THRESHOLD = 1000;
    private static final int BATCHES = 10;
    private static final int LARGE_VALUES = 15;
    private static final int LARGE_VALUE_BYTES = 100_000;

    private TestCluster small;
    private TestCluster large;

    @AfterEach
    void stop() {
        if (small != null) {
            small.close();
        }
        if (large != null) {
            large.close();
        }
    }

    private static TestCluster start(AtomicInteger snapshots) {
        RaftMetrics counting = new RaftMetrics() {
            @Override
            public void snapshotTaken() {
                snapshots.incrementAndGet();
            }
        };
        return TestCluster.start(1, b -> b.snapshotThreshold(THRESHOLD).snapshotLogSizeRatio(1.0)
                .snapshotInterval(Duration.ofMillis(20)).metrics(counting));
    }

    @Test
    void aLargeStateIsSnapshottedLessOftenThanASmallOneForTheSameWrites() throws Exception {
        AtomicInteger smallSnapshots = new AtomicInteger();
        AtomicInteger largeSnapshots = new AtomicInteger();
        small = start(smallSnapshots);
        large = start(largeSnapshots);
        byte[] bulk = new byte[LARGE_VALUE_BYTES];
        Arrays.fill(bulk, (byte) 'x');
        preload(small, "tiny".getBytes());
        preload(large, bulk);
        restartFromSnapshot(small);
        restartFromSnapshot(large);
        long largeBase = large.member(0).node().status().lastSnapshotIndex();
        int smallBefore = smallSnapshots.get();
        int largeBefore = largeSnapshots.get();

        byte[] value = new byte[200];
        Arrays.fill(value, (byte) 'v');
        for (int batch = 0; batch < BATCHES; batch++) {
            write(large, value);
            long before = small.member(0).node().status().lastSnapshotIndex();
            write(small, value);
            // a small state's snapshot is due once the threshold is met: one in each batch
            await().atMost(TestCluster.WAIT).until(() -> small.member(0).node().status().lastSnapshotIndex() > before);
        }
        // 10,000 writes of ~280 log bytes: the 1.5MB state is due once, after about 5,500 of them
        await().atMost(TestCluster.WAIT).until(() -> large.member(0).node().status().lastSnapshotIndex() > largeBase);

        assertThat(smallSnapshots.get() - smallBefore).isEqualTo(BATCHES);
        assertThat(largeSnapshots.get() - largeBefore)
                .as("snapshots of the large state; a restart that forgot its size would add one at the threshold")
                .isEqualTo(1);
        assertThat(large.member(0).node().status().lastSnapshotIndex() - largeBase)
                .as("entries between the large state's snapshots").isGreaterThan(5 * THRESHOLD);
    }

    private static void preload(TestCluster cluster, byte[] value) throws Exception {
        try (Jedis jedis = cluster.member(0).jedis()) {
            for (int i = 0; i < LARGE_VALUES; i++) {
                jedis.set(("state" + i).getBytes(), value);
            }
        }
        cluster.member(0).node().snapshot().get(30, TimeUnit.SECONDS);
    }

    private static void restartFromSnapshot(TestCluster cluster) {
        TestCluster.Member m = cluster.member(0);
        cluster.stop(m);
        cluster.startMember(m);
        cluster.awaitLeader();
    }

    /** One batch of overwrites of one key. */
    private static void write(TestCluster cluster, byte[] value) {
        try (Jedis jedis = cluster.member(0).jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < THRESHOLD; i++) {
                pipeline.set("hot".getBytes(), value);
            }
            pipeline.sync();
        }
    }
}
