package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.RaftNodes;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.Consistency;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/** A member installing a snapshot from the leader answers -LOADING until the state is restored. */
class SnapshotLoadingTest {
    TestCluster cluster;
    RaftNode joiner;
    final CountDownLatch restoreGate = new CountDownLatch(1);
    final CountDownLatch restoring = new CountDownLatch(1);

    /** The KV example whose restore waits at a gate, so the install can be observed half way. */
    final class GatedRestore implements StateMachine {
        final KvStateMachine kv = new KvStateMachine();

        @Override
        public List<CommandSpec> commands() {
            return kv.commands();
        }

        @Override
        public SnapshotWriter snapshot() {
            return kv.snapshot();
        }

        @Override
        public void restore(InputStream in) throws IOException {
            restoring.countDown();
            try {
                if (!restoreGate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            kv.restore(in);
        }
    }

    @AfterEach
    void stop() {
        restoreGate.countDown();
        if (joiner != null) {
            joiner.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aJoinerInstallingASnapshotAnswersLoadingUntilRestored() throws Exception {
        cluster = TestCluster.start(1, b -> b.consistency(Consistency.LOW).snapshotThreshold(500)
                .snapshotLogSizeRatio(0).snapshotInterval(Duration.ofMillis(20)).snapshotTrailingEntries(50));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 2000; i++) {
                pipeline.set("key" + i, "value" + i);
            }
            pipeline.sync();
        }
        await().atMost(TestCluster.WAIT).until(() -> leader.node().status().lastSnapshotIndex() >= 1500);

        TestCluster.Member slot = cluster.addSlot("joiner");
        joiner = RaftNodes.open(RaftOptions.builder().nodeId(slot.id()).host("127.0.0.1").port(slot.port)
                .dataDir(slot.dataDir).electionTimeout(TestCluster.ELECTION).heartbeatInterval(TestCluster.HEARTBEAT)
                .consistency(Consistency.LOW).shutdownTimeout(Duration.ofSeconds(1)).join(leader.address()).build(),
                new GatedRestore());
        assertThat(restoring.await(30, TimeUnit.SECONDS)).as("snapshot install started").isTrue();
        try (Jedis jedis = new Jedis("127.0.0.1", joiner.port(), 10_000)) {
            assertThatThrownBy(() -> jedis.get("key0")).isInstanceOf(JedisDataException.class)
                    .hasMessage("LOADING Raft is loading the dataset in memory");
            LoadingStatus loading = joiner.loadingStatus();
            assertThat(loading.loading()).isTrue();
            assertThat(loading.phase()).isEqualTo("installing snapshot");
            assertThat(jedis.info("persistence")).contains("loading:1\r\n", "raft_loading_phase:installing snapshot");

            restoreGate.countDown();
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "value1999".equals(jedis.get("key1999")));
            assertThat(jedis.get("key0")).isEqualTo("value0");
            assertThat(joiner.loadingStatus().loading()).isFalse();
        }
    }
}
