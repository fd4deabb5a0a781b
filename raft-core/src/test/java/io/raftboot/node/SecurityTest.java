package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.RaftNodes;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class SecurityTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPasswordIsRequiredBeforeDataCommands() {
        cluster = TestCluster.start(1, b -> b.password("s3cret"));
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThatThrownBy(() -> jedis.set("k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
            assertThatThrownBy(() -> jedis.auth("wrong")).isInstanceOf(JedisDataException.class)
                    .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(jedis.auth("s3cret")).isEqualTo("OK");
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
        }
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThat(jedis.auth("default", "s3cret")).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("v");
        }
    }

    @Test
    void aClusterWithASecretFormsAndServes() {
        cluster = TestCluster.start(3, b -> b.clusterSecret("peer-secret"));
        try (Jedis jedis = cluster.awaitLeader().jedis()) {
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
        }
    }

    @Test
    void membersWithDifferentSecretsNeverFormACluster() {
        int[] counter = {0};
        cluster = TestCluster.create(3, b -> b.clusterSecret("secret-" + (counter[0]++)));
        for (TestCluster.Member m : cluster.members()) {
            cluster.startMember(m);
        }
        // no member can prove the secret to another: none ever becomes leader
        org.awaitility.Awaitility.await().during(TestCluster.ELECTION.multipliedBy(8))
                .atMost(TestCluster.WAIT).until(() -> cluster.currentLeader() == null
                        && cluster.members().stream().allMatch(m -> m.node().status().leaderId() == null));
    }

    @Test
    void theDataDirIsLockedByOneNode() throws Exception {
        cluster = TestCluster.start(1);
        Path dir = cluster.member(0).dataDir;
        RaftOptions options = RaftOptions.builder().nodeId("n1").port(0).dataDir(dir).build();
        assertThatThrownBy(() -> RaftNodes.open(options, new KvStateMachine()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(dir.getFileName().toString());
        assertThat(Files.exists(dir)).isTrue();
    }
}
