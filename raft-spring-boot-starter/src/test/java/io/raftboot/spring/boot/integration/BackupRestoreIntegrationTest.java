package io.raftboot.spring.boot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.util.SafeEncoder;
import tools.jackson.databind.JsonNode;

/**
 * The backup drill through the starter: snapshots listed and downloaded over HTTP (and read over
 * RESP, byte for byte the same), then a new application started with {@code raft.restore-from}
 * from the download serves the same counters as a one-member cluster.
 */
class BackupRestoreIntegrationTest {

    private static final ProtocolCommand COUNTER = () -> "COUNTER".getBytes();
    private static final int COUNTERS = 50;

    @TempDir
    Path temp;

    private ConfigurableApplicationContext start(String name, String... extra) {
        List<String> properties = new java.util.ArrayList<>(List.of("server.port=0", "raft.port=0",
                "raft.node-id=" + name, "raft.data-dir=" + temp.resolve(name),
                "raft.election-timeout=300ms", "raft.heartbeat-interval=50ms",
                "management.endpoints.web.exposure.include=health,raft,raftsnapshots"));
        properties.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CounterApplication.class)
                .properties(properties.toArray(String[]::new)).run();
        RaftNode node = context.getBean(RaftNode.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER);
        return context;
    }

    private static int httpPort(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static HttpResponse<byte[]> get(int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aSnapshotDownloadedOverHttpRestoresIntoANewClusterWithTheSameCounters() throws Exception {
        byte[] download;
        String clusterId;
        try (ConfigurableApplicationContext source = start("source",
                "management.endpoint.raftsnapshots.access=read-only")) {
            RaftNode node = source.getBean(RaftNode.class);
            clusterId = node.status().clusterId();
            int port = node.port();
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                for (int i = 0; i < COUNTERS; i++) {
                    jedis.incrBy("c" + i, i + 1);
                }
            }
            node.snapshot().get(10, TimeUnit.SECONDS);

            HttpResponse<byte[]> listing = get(httpPort(source), "/actuator/raftsnapshots");
            assertThat(listing.statusCode()).isEqualTo(200);
            JsonNode json = new HttpProbe.Reply(200, new String(listing.body())).json();
            assertThat(json.get("nodeId").asString()).isEqualTo("source");
            JsonNode newest = json.get("snapshots").get(0);
            String id = newest.get("id").asString();
            assertThat(newest.get("index").asLong()).isEqualTo(node.status().lastSnapshotIndex());
            long size = newest.get("size").asLong();

            HttpResponse<byte[]> file = get(httpPort(source), "/actuator/raftsnapshots/" + id);
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/octet-stream"));
            download = file.body();
            assertThat(download).hasSize((int) size);
            assertThat(get(httpPort(source), "/actuator/raftsnapshots/00000000000000000001-00000000000000000099")
                    .statusCode()).isEqualTo(404);

            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                ByteArrayOutputStream overResp = new ByteArrayOutputStream();
                for (long offset = 0; offset < size; offset += 4096) {
                    overResp.write((byte[]) jedis.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOTREAD"), id,
                            String.valueOf(offset), "4096"));
                }
                assertThat(overResp.toByteArray()).isEqualTo(download);
            }
        }

        Path backup = temp.resolve("backup.snap");
        Files.write(backup, download);
        try (ConfigurableApplicationContext restored = start("restored", "raft.restore-from=" + backup)) {
            RaftNode node = restored.getBean(RaftNode.class);
            assertThat(node.status().members()).hasSize(1);
            assertThat(node.status().clusterId()).isNotEqualTo(clusterId);
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> Long.valueOf(COUNTERS).equals(jedis.sendCommand(COUNTER, "c" + (COUNTERS - 1))));
                for (int i = 0; i < COUNTERS; i++) {
                    assertThat(jedis.sendCommand(COUNTER, "c" + i)).isEqualTo((long) i + 1);
                }
            }
            // off by default: a whole dataset is not served unless asked for
            assertThat(get(httpPort(restored), "/actuator/raftsnapshots").statusCode()).isEqualTo(404);
        }
    }
}
