package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.raftboot.RaftNodes;
import io.raftboot.api.Consistency;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The drill for a permanent loss of quorum: of three members two are destroyed for good, the
 * survivor is started with {@code raft.force-new-cluster}, serves everything it had (snapshot and
 * log), and two brand-new members join it.
 */
class ForceNewClusterDrillTest {
    TestCluster cluster;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** Whichever class of the node package announces the forced configuration. */
    final Logger launcherLog = (Logger) LoggerFactory.getLogger("io.raftboot.node");

    @AfterEach
    void stop() {
        launcherLog.detachAppender(logs);
        if (cluster != null) {
            cluster.close();
        }
    }

    private RaftOptions.Builder newMember(TestCluster.Member slot, String join) {
        return RaftOptions.builder().nodeId(slot.id()).host("127.0.0.1").port(slot.port).dataDir(slot.dataDir)
                .electionTimeout(TestCluster.ELECTION).heartbeatInterval(TestCluster.HEARTBEAT)
                .consistency(Consistency.LOW).shutdownTimeout(Duration.ofSeconds(1)).join(join);
    }

    @Test
    void theSurvivorOfALostQuorumServesAloneKeepsItsDataAndTakesNewMembers() throws Exception {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member survivor = cluster.followers().get(0);
        try (Jedis jedis = leader.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 300; i++) {
                pipeline.set("before" + i, "v" + i);
            }
            pipeline.sync();
        }
        long written = leader.node().status().lastLogIndex();
        await().atMost(TestCluster.WAIT).until(() -> survivor.node().status().appliedIndex() >= written);
        survivor.node().snapshot().get(10, TimeUnit.SECONDS);
        try (Jedis jedis = leader.jedis()) {
            for (int i = 0; i < 20; i++) {
                jedis.set("after-snapshot" + i, "w" + i);
            }
        }
        long all = leader.node().status().lastLogIndex();
        await().atMost(TestCluster.WAIT).until(() -> survivor.node().status().appliedIndex() >= all);
        long survivorSnapshot = survivor.node().status().lastSnapshotIndex();
        assertThat(survivorSnapshot).isGreaterThanOrEqualTo(written);

        for (TestCluster.Member m : cluster.members()) {
            cluster.stop(m);
        }
        for (TestCluster.Member m : cluster.members()) {
            if (m != survivor) {
                wipe(m.dataDir);
            }
        }

        logs.start();
        launcherLog.addAppender(logs);
        cluster.startMember(survivor, cluster.options(survivor).forceNewCluster(true));
        await().atMost(TestCluster.WAIT).until(() -> survivor.node().status().isLeader());
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(survivor.id(), "configuration to itself alone");
        });
        assertThat(survivor.node().status().members()).extracting(MemberStatus::id).containsExactly(survivor.id());
        assertThat(survivor.node().status().lastSnapshotIndex()).isEqualTo(survivorSnapshot);
        try (Jedis jedis = survivor.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "w19".equals(jedis.get("after-snapshot19")));
            for (int i = 0; i < 300; i++) {
                assertThat(jedis.get("before" + i)).isEqualTo("v" + i);
            }
            assertThat(jedis.set("alone", "yes")).isEqualTo("OK");
        }

        TestCluster.Member n4 = cluster.addSlot("n4");
        TestCluster.Member n5 = cluster.addSlot("n5");
        cluster.startMember(n4, newMember(n4, survivor.address()));
        cluster.startMember(n5, newMember(n5, survivor.address()));
        await().atMost(TestCluster.WAIT.multipliedBy(2)).until(() -> survivor.node().status().members().stream()
                .filter(MemberStatus::voter).map(MemberStatus::id).sorted().toList()
                .equals(List.of(survivor.id(), "n4", "n5")));
        try (Jedis jedis = survivor.jedis()) {
            assertThat(jedis.set("grown", "again")).isEqualTo("OK");
        }
        for (TestCluster.Member joined : List.of(n4, n5)) {
            try (Jedis jedis = joined.jedis()) {
                await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "again".equals(jedis.get("grown")));
                assertThat(jedis.get("before0")).isEqualTo("v0");
                assertThat(jedis.get("before299")).isEqualTo("v299");
                assertThat(jedis.get("after-snapshot19")).isEqualTo("w19");
                assertThat(jedis.get("alone")).isEqualTo("yes");
            }
            assertThat(joined.node().status().clusterId()).isEqualTo(survivor.node().status().clusterId());
        }
        // the new majority works without the survivor: it can be lost too now
        cluster.stop(survivor);
        TestCluster.Member next = cluster.awaitLeader();
        assertThat(next.id()).isIn("n4", "n5");
        try (Jedis jedis = next.jedis()) {
            assertThat(jedis.set("without-survivor", "ok")).isEqualTo("OK");
        }

        // the setting left on by mistake must not force the grown cluster again
        RaftOptions stillForced = cluster.options(survivor).forceNewCluster(true).build();
        assertThatThrownBy(() -> RaftNodes.open(stillForced, new KvStateMachine()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("raft.force-new-cluster is still set, but it was already applied")
                .hasMessageContaining("remove the setting");
        // without it, the survivor rejoins the three-member cluster it now belongs to
        cluster.startMember(survivor);
        try (Jedis jedis = survivor.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "ok".equals(jedis.get("without-survivor")));
        }
        assertThat(survivor.node().status().members()).extracting(MemberStatus::id)
                .containsExactlyInAnyOrder(survivor.id(), "n4", "n5");
    }

    private static void wipe(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThat(dir).doesNotExist();
    }
}
