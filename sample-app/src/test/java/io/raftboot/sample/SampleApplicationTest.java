package io.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/** The whole application in one JVM as a one-member cluster: RESP commands, expiry sweep, actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    @DynamicPropertySource
    static void raftProperties(DynamicPropertyRegistry registry) throws IOException {
        // under target/: the node may still write while Spring keeps the context cached, and mvn clean removes it
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "sample-app-test");
        registry.add("raft.port", () -> "0");
        registry.add("raft.node-id", () -> "solo");
        registry.add("raft.data-dir", dataDir::toString);
        registry.add("raft.election-timeout", () -> "300ms");
        registry.add("raft.heartbeat-interval", () -> "50ms");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("sample.expiry.sweep-interval", () -> "50ms");
    }

    @LocalServerPort
    int httpPort;

    @Value("${local.raft.port}")
    int raftPort;

    private Jedis awaitLeader() {
        Jedis jedis = new Jedis("127.0.0.1", raftPort, 10_000);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> "Leader".equals(new String((byte[]) jedis.sendCommand(() -> "RAFTSTATE".getBytes()),
                        StandardCharsets.UTF_8)));
        return jedis;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void servesRedisCommandsAndSweepsExpiredKeys(@Autowired Environment environment) {
        assertThat(environment.getProperty("local.raft.port", Integer.class)).isEqualTo(raftPort);
        try (Jedis jedis = awaitLeader()) {
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("v");
            assertThat(jedis.set("short", "v", SetParams.setParams().px(100))).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).until(() -> jedis.get("short") == null);
            // the leader's sweep deletes it through the log, so it is gone from storage, not only hidden
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ((List<?>) jedis.sendCommand(() -> "EXPIREDKEYS".getBytes(), "100")).isEmpty());
            assertThat(jedis.dbSize()).isEqualTo(1);
        }
    }

    @Test
    void actuatorExposesHealthWithDetailsRaftMetricsAndPrometheus() throws Exception {
        awaitLeader().close();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> get("/actuator/health").contains("\"raft\""));
        assertThat(get("/actuator/health")).contains("\"raft\"", "\"role\"");
        assertThat(get("/actuator/raft")).contains("\"nodeId\":\"solo\"");
        assertThat(get("/actuator/metrics")).contains("raft.commit.index");
        assertThat(get("/actuator/prometheus")).contains("raft_term");
    }
}
