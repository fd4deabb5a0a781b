package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Status, health and RAFTSTATS are read from what the raft thread last published: a busy raft
 * thread delays none of them (they used to wait for it, up to 5 s, then answer a partial status).
 */
class StatusWithoutWaitingTest {
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void statusAndRaftStatsAnswerInFullWhileTheRaftThreadIsHeld() throws Exception {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
        }
        RaftNodeImpl node = (RaftNodeImpl) leader.node();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holding = node.raftLoop().call(engine -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        held.await();
        try {
            NodeStatus status = node.status();
            assertThat(status.role()).isEqualTo(NodeRole.LEADER);
            assertThat(status.members()).hasSize(3);
            assertThat(status.lastLogIndex()).isPositive();
            assertThat(status.commitIndex()).isPositive();
            try (Jedis jedis = leader.jedis()) {
                List<?> stats = (List<?>) jedis.sendCommand(() -> "RAFTSTATS".getBytes());
                assertThat(stats).isNotEmpty();
            }
            assertThat(holding).isNotDone();
        } finally {
            release.countDown();
        }
        holding.get();
    }
}
