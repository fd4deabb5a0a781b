package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.RaftNodes;
import io.raftboot.api.Consistency;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/** Snapshots on demand, reading them back, restore-from and force-new-cluster. */
class RecoveryTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSnapshotReadBackOverRespStartsANewClusterWithRestoreFrom() throws Exception {
        cluster = TestCluster.start(1);
        TestCluster.Member source = cluster.member(0);
        byte[] file;
        try (Jedis jedis = source.jedis()) {
            for (int i = 0; i < 100; i++) {
                jedis.set("r" + i, "v" + i);
            }
            assertThat(SingleNodeTest.send(jedis, "RAFTSNAPSHOT")).isEqualTo("OK");
            @SuppressWarnings("unchecked")
            List<Object> snapshots = (List<Object>) jedis.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOTS"));
            assertThat(snapshots).isNotEmpty();
            @SuppressWarnings("unchecked")
            List<Object> newest = (List<Object>) snapshots.get(0);
            String id = SafeEncoder.encode((byte[]) newest.get(0));
            assertThat((long) newest.get(1)).isGreaterThanOrEqualTo(100);
            long size = (long) newest.get(3);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long offset = 0; offset < size; offset += 1000) {
                out.write((byte[]) jedis.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOTREAD"), id,
                        String.valueOf(offset), "1000"));
            }
            file = out.toByteArray();
            assertThat(file).hasSize((int) size);
        }
        Path backup = Files.createTempFile("raft-backup", ".snap");
        Files.write(backup, file);
        TestCluster.Member restored = cluster.addSlot("restored");
        cluster.startMember(restored, cluster.options(restored).peers(List.of()).restoreFrom(backup));
        try (Jedis jedis = restored.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "v99".equals(jedis.get("r99")));
            assertThat(jedis.set("after", "restore")).isEqualTo("OK");
        }
        assertThat(restored.node().status().members()).hasSize(1);
        assertThat(restored.node().status().clusterId()).isNotEqualTo(source.node().status().clusterId());
        Files.delete(backup);
    }

    @Test
    void restoreFromIsRefusedWhenTheDataDirIsNotEmpty() throws Exception {
        cluster = TestCluster.start(1);
        TestCluster.Member m = cluster.member(0);
        cluster.stop(m);
        Path any = Files.createTempFile("raft-backup", ".snap");
        RaftOptions options = cluster.options(m).restoreFrom(any).build();
        assertThatThrownBy(() -> RaftNodes.open(options, new KvStateMachine()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not empty");
        Files.delete(any);
    }

    @Test
    void forceNewClusterLetsTheLastSurvivorServeAlone() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            jedis.set("survives", "yes");
        }
        TestCluster.Member survivor = cluster.member(0);
        // the survivor keeps what it holds: make sure it holds the write (a lagging one would not)
        try (Jedis jedis = survivor.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "yes".equals(jedis.get("survives")));
        }
        for (TestCluster.Member m : cluster.members()) {
            cluster.stop(m);
        }
        cluster.startMember(survivor, cluster.options(survivor).forceNewCluster(true));
        await().atMost(TestCluster.WAIT).until(() -> survivor.node().status().isLeader());
        try (Jedis jedis = survivor.jedis()) {
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "yes".equals(jedis.get("survives")));
            assertThat(jedis.set("alone", "ok")).isEqualTo("OK");
        }
        assertThat(survivor.node().status().members()).hasSize(1);
    }
}
