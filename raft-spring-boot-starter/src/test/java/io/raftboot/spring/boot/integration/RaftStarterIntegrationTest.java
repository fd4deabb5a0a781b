package io.raftboot.spring.boot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.autoconfigure.ManagedRaftNode;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import tools.jackson.databind.JsonNode;

/**
 * The whole starter in a real application with a real HTTP port and a real RESP port: commands
 * over RESP reach the annotated handlers, and Actuator shows the node as the contract says.
 */
@SpringBootTest(classes = CounterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "raft.port=0",
                "raft.election-timeout=300ms",
                "raft.heartbeat-interval=50ms",
                "management.endpoints.web.exposure.include=health,raft,metrics",
                "management.endpoint.health.show-details=always",
                "management.endpoint.health.show-components=always"})
class RaftStarterIntegrationTest {

    private static final ProtocolCommand COUNTER = () -> "COUNTER".getBytes();
    private static final ProtocolCommand INCRBY = () -> "INCRBY".getBytes();

    @TempDir
    static Path temp;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("raft.data-dir", () -> temp.resolve("node").toString());
    }

    @Value("${local.server.port}")
    int httpPort;

    @Value("${local.raft.port}")
    int raftPort;

    @Autowired
    RaftNode node;

    private HttpProbe http;

    @BeforeEach
    void waitForLeadership() {
        http = new HttpProbe(httpPort);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER
                && http.get("/actuator/health/readiness").status() == 200);
    }

    @Test
    void aCommandSentOverRespReachesTheAnnotatedHandler() {
        assertThat(raftPort).isEqualTo(node.port()).isPositive();
        try (Jedis jedis = new Jedis("127.0.0.1", raftPort)) {
            assertThat(jedis.incrBy("hits", 5)).isEqualTo(5);
            assertThat(jedis.incrBy("hits", 2)).isEqualTo(7);
            assertThat(jedis.sendCommand(COUNTER, "hits")).isEqualTo(7L);
            assertThat(jedis.sendCommand(COUNTER, "missing")).isNull();
            assertThatThrownBy(() -> jedis.sendCommand(INCRBY, "hits", "many"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR value is not an integer or out of range");
            assertThatThrownBy(() -> jedis.sendCommand(INCRBY, "hits"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR wrong number of arguments for 'incrby' command");
            assertThat(jedis.sendCommand(COUNTER, "hits")).isEqualTo(7L);
        }
    }

    @Test
    void theRaftEndpointDescribesTheNode() {
        try (Jedis jedis = new Jedis("127.0.0.1", raftPort)) {
            jedis.incrBy("endpoint", 1);
        }
        HttpProbe.Reply reply = http.get("/actuator/raft");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode raft = reply.json();
        assertThat(raft.get("nodeId").asString()).isEqualTo(node.id());
        assertThat(raft.get("clusterId").asString()).isNotEmpty();
        assertThat(raft.get("role").asString()).isEqualTo("Leader");
        assertThat(raft.get("term").asLong()).isPositive();
        assertThat(raft.get("leaderId").asString()).isEqualTo(node.id());
        assertThat(raft.get("leaderAddress").asString()).isEqualTo("127.0.0.1:" + raftPort);
        assertThat(raft.get("commitIndex").asLong()).isPositive();
        assertThat(raft.get("appliedIndex").asLong()).isPositive();
        assertThat(raft.get("lastLogIndex").asLong()).isGreaterThanOrEqualTo(raft.get("commitIndex").asLong());
        assertThat(raft.has("lastSnapshotIndex")).isTrue();
        assertThat(raft.has("lastSnapshotTerm")).isTrue();
        assertThat(raft.get("durability").asString()).isEqualTo("high");
        assertThat(raft.get("consistency").asString()).isEqualTo("high");
        JsonNode members = raft.get("members");
        assertThat(members.size()).isEqualTo(1);
        assertThat(members.get(0).get("id").asString()).isEqualTo(node.id());
        assertThat(members.get(0).get("address").asString()).isEqualTo("127.0.0.1:" + raftPort);
        assertThat(members.get(0).get("voter").asBoolean()).isTrue();
        assertThat(members.get(0).has("matchIndex")).isTrue();
        assertThat(members.get(0).has("lastContactMillis")).isTrue();
    }

    @Test
    void theEndpointsWriteOperationsNeedAccessGranted() {
        assertThat(http.post("/actuator/raft/snapshot", "{}").status()).isIn(404, 405);
        assertThat(http.post("/actuator/raft/transfer-leadership", "{}").status()).isIn(404, 405);
    }

    @Test
    void healthShowsRaftAndReadinessDependsOnIt() {
        HttpProbe.Reply health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        JsonNode raft = health.json().get("components").get("raft");
        assertThat(raft.get("status").asString()).isEqualTo("UP");
        assertThat(raft.get("details").get("role").asString()).isEqualTo("Leader");
        assertThat(raft.get("details").get("leaderId").asString()).isEqualTo(node.id());

        ManagedRaftNode managed = (ManagedRaftNode) node;
        managed.stop();
        try {
            HttpProbe.Reply down = http.get("/actuator/health");
            assertThat(down.json().get("components").get("raft").get("status").asString()).isEqualTo("DOWN");
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        } finally {
            managed.start();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/actuator/health/readiness").status() == 200);
    }

    @Test
    void aWriteIsTimedInEachStage() {
        try (Jedis jedis = new Jedis("127.0.0.1", raftPort)) {
            jedis.incrBy("stages", 1);
        }
        JsonNode metric = http.get("/actuator/metrics/raft.write.stage").json();
        List<String> stages = new ArrayList<>();
        List<String> nodeIds = new ArrayList<>();
        metric.get("availableTags").forEach(tag -> tag.get("values").forEach(value -> {
            switch (tag.get("tag").asString()) {
                case "stage" -> stages.add(value.asString());
                case "node.id" -> nodeIds.add(value.asString());
                default -> { }
            }
        }));
        assertThat(stages).containsExactlyInAnyOrder("queue", "fsync", "replication", "apply", "reply");
        assertThat(nodeIds).containsExactly(node.id());
        for (String stage : stages) {
            // reported on the apply thread just after the reply was handed over: possibly after the client read it
            await().untilAsserted(() -> assertThat(http.get("/actuator/metrics/raft.write.stage?tag=stage:" + stage)
                    .json().get("measurements").get(0).get("value").asDouble()).as(stage).isPositive());
        }
    }

    @Test
    void metricsAreServedByActuator() {
        try (Jedis jedis = new Jedis("127.0.0.1", raftPort)) {
            jedis.incrBy("metrics", 1);
        }
        HttpProbe.Reply reply = http.get("/actuator/metrics/raft.commit.latency");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode metric = reply.json();
        assertThat(metric.get("name").asString()).isEqualTo("raft.commit.latency");
        List<String> tags = new ArrayList<>();
        metric.get("availableTags").forEach(tag -> tags.add(tag.get("tag").asString()));
        assertThat(tags).contains("node.id");
        JsonNode names = http.get("/actuator/metrics").json().get("names");
        List<String> meters = new ArrayList<>();
        names.forEach(name -> meters.add(name.asString()));
        assertThat(meters).contains("raft.term", "raft.commit.index", "raft.applied.index", "raft.leader.changes",
                "raft.elections", "raft.commit.latency", "raft.apply.latency", "raft.fsync.latency", "raft.snapshots",
                "raft.resp.connections", "raft.proposals", "raft.resp.commands");
        JsonNode commands = http.get("/actuator/metrics/raft.resp.commands?tag=command:incrby").json();
        assertThat(commands.get("measurements").get(0).get("value").asDouble()).isPositive();
    }
}
