package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.RaftNodes;
import io.raftboot.api.Durability;
import io.raftboot.api.PreparedNode;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.node.RestartLoadingTest.GatedKv;
import io.raftboot.storage.LogDamage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A prepared member recovers its local state and replays its committed log before it is started,
 * with no port bound; its start refuses a damaged log as an open does; closing it mid-replay stops
 * the replay and releases the data dir.
 */
class PreparedNodeTest {
    static final int KEYS = 2000;

    @TempDir
    Path dir;
    int port;
    RaftNode node;
    final CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void writeALog() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        node = RaftNodes.open(options(), new GatedKv(gate, Integer.MAX_VALUE));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
        try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 10_000)) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < KEYS; i++) {
                pipeline.set("k" + i, "v" + i);
            }
            pipeline.sync();
        }
        node.close(); // a clean stop records the commit hint: the restart replays every SET
        node = null;
    }

    @AfterEach
    void stop() {
        gate.countDown();
        if (node != null) {
            node.close();
        }
    }

    /** A fixed port: the identity is known before the bind, so the recovery starts at prepare. */
    private RaftOptions options() {
        return RaftOptions.builder().nodeId("n1").host("127.0.0.1").port(port).dataDir(dir)
                .electionTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(50))
                .durability(Durability.LOW).snapshotThreshold(1_000_000).shutdownTimeout(Duration.ofSeconds(1))
                .build();
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void thePreparedMemberReplaysItsLogBeforeItIsStartedAndServesOnceStarted() {
        GatedKv kv = new GatedKv(gate, Integer.MAX_VALUE);
        PreparedNode prepared = RaftNodes.prepare(options(), kv);
        await().atMost(Duration.ofSeconds(30)).until(() -> kv.applied.get() == KEYS);
        assertThat(listening(port)).as("nothing is bound before the start").isFalse();

        node = prepared.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
        try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 10_000)) {
            assertThat(jedis.get("k" + (KEYS - 1))).isEqualTo("v" + (KEYS - 1));
            assertThat(jedis.set("after", "start")).isEqualTo("OK");
        }
        assertThat(kv.applied.get()).as("each replayed entry applied once, then the new one").isEqualTo(KEYS + 1);
        assertThatThrownBy(prepared::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started");
    }

    @Test
    void aCorruptCommittedPrefixRefusesTheStartAsAnOpenDoes() throws IOException {
        LogDamage.corruptAnEarlyRecord(dir);
        String opened = null;
        try {
            RaftNodes.open(options(), new GatedKv(gate, Integer.MAX_VALUE)).close();
        } catch (IllegalStateException e) {
            opened = e.getMessage();
        }
        assertThat(opened).contains("corrupt log record", "refusing to start");

        PreparedNode prepared = RaftNodes.prepare(options(), new GatedKv(gate, Integer.MAX_VALUE));
        assertThatThrownBy(prepared::start).isInstanceOf(IllegalStateException.class).hasMessage(opened);
        assertThat(listening(port)).isFalse();
    }

    @Test
    void closingAPreparedMemberMidReplayStopsTheReplayAndReleasesTheDataDir() throws Exception {
        GatedKv held = new GatedKv(gate, 10);
        PreparedNode prepared = RaftNodes.prepare(options(), held);
        await().atMost(Duration.ofSeconds(30)).until(() -> held.applied.get() == 10);
        Thread closer = new Thread(prepared::close, "closer");
        closer.start();
        // the close asked the replay to stop and now waits for the entry under way
        await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(closer.isAlive()).isFalse();
        assertThat(held.applied.get()).as("no entry after the one under way").isEqualTo(10);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("raft-apply-n1"));

        GatedKv full = new GatedKv(gate, Integer.MAX_VALUE);
        node = RaftNodes.open(options(), full);
        await().atMost(Duration.ofSeconds(30)).until(() -> full.applied.get() == KEYS);
    }
}
