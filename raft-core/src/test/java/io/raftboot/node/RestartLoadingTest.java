package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.raftboot.RaftNodes;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.Durability;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import io.raftboot.inspect.Inspector;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A member restarted with a long log answers -LOADING to data commands until it has replayed it, and
 * reports its progress in RAFTSTATS, INFO, the log and {@code RaftNode.loadingStatus()}.
 */
class RestartLoadingTest {
    static final int KEYS = 3000;

    @TempDir
    Path dir;
    RaftNode node;
    final CountDownLatch gate = new CountDownLatch(1);
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger progressLog = (Logger) LoggerFactory.getLogger(LoadingProgress.class);

    /**
     * SET and GET over a map; SETs are counted, and from the {@code holdAt}-th on each waits at the
     * gate, so a replay can be held at a chosen entry (by default its first).
     */
    static final class GatedKv implements StateMachine {
        final Map<String, String> data = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger applied = new java.util.concurrent.atomic.AtomicInteger();
        final CountDownLatch gate;
        final int holdAt;

        GatedKv(CountDownLatch gate) {
            this(gate, 1);
        }

        GatedKv(CountDownLatch gate, int holdAt) {
            this.gate = gate;
            this.holdAt = holdAt;
        }

        @Override
        public List<CommandSpec> commands() {
            return List.of(CommandSpec.write("SET", 3, (cmd, ctx) -> {
                if (applied.incrementAndGet() < holdAt) {
                    data.put(cmd.string(1), cmd.string(2));
                    return Status.OK;
                }
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                data.put(cmd.string(1), cmd.string(2));
                return Status.OK;
            }), CommandSpec.read("GET", 2, cmd -> data.get(cmd.string(1))));
        }

        @Override
        public SnapshotWriter snapshot() {
            return out -> out.write(new byte[0]);
        }

        @Override
        public void restore(InputStream in) {
            throw new UnsupportedOperationException("no snapshots in this test");
        }
    }

    @AfterEach
    void stop() {
        gate.countDown();
        progressLog.detachAppender(logs);
        if (node != null) {
            node.close();
        }
    }

    private RaftNode open(StateMachine sm) {
        return RaftNodes.open(RaftOptions.builder().nodeId("n1").host("127.0.0.1").port(0).dataDir(dir)
                .electionTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(50))
                .durability(Durability.LOW).snapshotThreshold(1_000_000).shutdownTimeout(Duration.ofSeconds(1))
                .build(), sm);
    }

    private Jedis jedis() {
        return new Jedis("127.0.0.1", node.port(), 10_000);
    }

    /** The commit hint the node last saved, read live with the inspector. */
    private long savedCommitHint() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Inspector.run(new String[] {"show", dir.toString(), "--no-entries"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Matcher m = Pattern.compile("commit hint +(\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stats(Jedis jedis) {
        List<byte[]> flat = (List<byte[]>) jedis.sendCommand(() -> SafeEncoder.encode("RAFTSTATS"));
        Map<String, String> stats = new java.util.TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            stats.put(SafeEncoder.encode(flat.get(i)), SafeEncoder.encode(flat.get(i + 1)));
        }
        return stats;
    }

    @Test
    void aRestartedMemberAnswersLoadingUntilItsLogIsReplayed() {
        gate.countDown();
        CountDownLatch closedGate = new CountDownLatch(1);
        node = open(new GatedKv(gate));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
        try (Jedis jedis = jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < KEYS; i++) {
                pipeline.set("k" + i, "v" + i);
            }
            pipeline.sync();
        }
        long last = node.status().lastLogIndex();
        await().atMost(Duration.ofSeconds(10)).until(() -> savedCommitHint() >= last);
        node.close();

        logs.start();
        progressLog.addAppender(logs);
        node = open(new GatedKv(closedGate));
        try (Jedis jedis = jedis()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> jedis.get("k0")).isInstanceOf(JedisDataException.class)
                    .hasMessage("LOADING Raft is loading the dataset in memory");
            assertThatThrownBy(() -> jedis.set("new", "write")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("LOADING");
            Map<String, String> stats = stats(jedis);
            assertThat(stats).containsEntry("loading", "1").containsEntry("loading_phase", "replaying log")
                    .containsEntry("loading_target_index", String.valueOf(last));
            assertThat(jedis.info("persistence")).contains("loading:1\r\n", "raft_loading_phase:replaying log");
            LoadingStatus loading = node.loadingStatus();
            assertThat(loading.loading()).isTrue();
            assertThat(loading.targetIndex()).isEqualTo(last);
            assertThat(loading.percent()).isLessThan(100);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().startsWith("n1 loading: applied ")));

            closedGate.countDown();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> ("v" + (KEYS - 1)).equals(jedis.get("k" + (KEYS - 1))));
            assertThat(jedis.get("k0")).isEqualTo("v0");
            assertThat(node.loadingStatus()).isEqualTo(LoadingStatus.READY);
            assertThat(stats(jedis)).containsEntry("loading", "0").containsEntry("loading_loaded_perc", "100");
            assertThat(jedis.info("persistence")).contains("loading:0\r\n");
            assertThat(jedis.set("new", "write")).isEqualTo("OK");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream()
                .anyMatch(e -> e.getFormattedMessage().startsWith("n1 loaded the dataset: replayed to index " + last)));
        assertThat(logs.list.get(0).getFormattedMessage())
                .isEqualTo("n1 loading: replaying the log up to index " + last + " (" + last + " entries) before serving data commands");
    }
}
