package io.raftboot.spring.boot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import redis.clients.jedis.Jedis;

/** With access granted, the endpoint's write operations act on the node. */
@SpringBootTest(classes = CounterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "raft.port=0",
                "raft.election-timeout=300ms",
                "raft.heartbeat-interval=50ms",
                "management.endpoints.web.exposure.include=raft",
                "management.endpoint.raft.access=unrestricted"})
class RaftEndpointWriteAccessIntegrationTest {

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("raft.data-dir", () -> temp.resolve("node").toString());
    }

    @Value("${local.server.port}")
    int httpPort;

    @Autowired
    RaftNode node;

    @Test
    void snapshotOnRequest() {
        await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER);
        try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
            jedis.incrBy("before-snapshot", 3);
        }
        HttpProbe.Reply reply = new HttpProbe(httpPort).post("/actuator/raft/snapshot", "{}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("lastSnapshotIndex").asLong()).isPositive();
        assertThat(node.status().lastSnapshotIndex()).isPositive();
    }

    @Test
    void transferLeadershipWithoutAnotherVoterIsABadRequest() {
        await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER);
        HttpProbe.Reply reply = new HttpProbe(httpPort).post("/actuator/raft/transfer-leadership", "{}");
        assertThat(reply.status()).isEqualTo(400);
    }
}
