package io.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    /** On the wire, as Redis 7: a pop with a count from a missing key is a null array, without one a null bulk. */
    @Test
    void aPopWithACountFromAMissingKeyAnswersANullArray() throws IOException {
        awaitLeader().close();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", raftPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("*3\r\n$4\r\nLPOP\r\n$7\r\nmissing\r\n$1\r\n2\r\n"
                    + "*2\r\n$4\r\nRPOP\r\n$7\r\nmissing\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] replies = socket.getInputStream().readNBytes(10);
            assertThat(new String(replies, StandardCharsets.US_ASCII)).isEqualTo("*-1\r\n$-1\r\n");
        }
    }

    @Test
    void jedisUsesHashesListsAndSets() {
        try (Jedis jedis = awaitLeader()) {
            assertThat(jedis.hset("jh", java.util.Map.of("a", "1", "b", "2"))).isEqualTo(2);
            assertThat(jedis.hgetAll("jh")).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a", "1", "b", "2"));
            assertThat(jedis.hincrByFloat("jh", "a", 0.5)).isEqualTo(1.5);
            assertThat(jedis.rpush("jl", "x", "y", "z")).isEqualTo(3);
            assertThat(jedis.lrange("jl", 0, -1)).containsExactly("x", "y", "z");
            assertThat(jedis.lpop("jl", 2)).containsExactly("x", "y");
            assertThat(jedis.sadd("js", "m1", "m2", "m3")).isEqualTo(3);
            assertThat(jedis.smembers("js")).containsExactlyInAnyOrder("m1", "m2", "m3");
            assertThat(jedis.spop("js")).isIn("m1", "m2", "m3");
            assertThat(jedis.scard("js")).isEqualTo(2);
            assertThat(jedis.type("jh")).isEqualTo("hash");
            assertThat(jedis.type("jl")).isEqualTo("list");
            assertThat(jedis.type("js")).isEqualTo("set");
            assertThatThrownBy(() -> jedis.get("jh")).isInstanceOf(redis.clients.jedis.exceptions.JedisDataException.class)
                    .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
            assertThat(jedis.del("jh", "jl", "js")).isEqualTo(3);
        }
    }

    @Test
    void lettuceUsesHashesListsAndSets() {
        awaitLeader().close();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + raftPort);
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
            io.lettuce.core.api.sync.RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.hset("lh", "f", "v")).isTrue();
            assertThat(redis.hget("lh", "f")).isEqualTo("v");
            assertThat(redis.hincrby("lh", "n", 5)).isEqualTo(5);
            assertThat(redis.lpush("ll", "a", "b")).isEqualTo(2);
            assertThat(redis.lmove("ll", "ll2", io.lettuce.core.LMoveArgs.Builder.leftRight())).isEqualTo("b");
            assertThat(redis.lrange("ll2", 0, -1)).containsExactly("b");
            assertThat(redis.sadd("ls", "x", "y")).isEqualTo(2);
            assertThat(redis.sinter("ls", "ls")).containsExactlyInAnyOrder("x", "y");
            assertThat(redis.sismember("ls", "x")).isTrue();
            assertThat(redis.type("ls")).isEqualTo("set");
            assertThat(redis.del("lh", "ll", "ll2", "ls")).isEqualTo(4);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void jedisRunsTransactionsAndWatchAbortsThem() {
        try (Jedis jedis = awaitLeader(); Jedis other = awaitLeader()) {
            jedis.set("jt:from", "10");
            redis.clients.jedis.Transaction transaction = jedis.multi();
            transaction.decrBy("jt:from", 3);
            transaction.incrBy("jt:to", 3);
            transaction.hset("jt:h", "f", "v");
            assertThat(transaction.exec()).containsExactly(7L, 3L, 1L);

            jedis.watch("jt:from");
            other.set("jt:from", "0");
            transaction = jedis.multi();
            transaction.incrBy("jt:to", 100);
            assertThat(transaction.exec()).as("aborted: the watched key changed").isNull();
            assertThat(jedis.get("jt:to")).isEqualTo("3");
            assertThat(jedis.objectEncoding("jt:h")).isEqualTo("hashtable");
            assertThat(jedis.del("jt:from", "jt:to", "jt:h")).isEqualTo(3);
        }
    }

    @Test
    void lettuceRunsTransactionsAndWatchAbortsThem() {
        awaitLeader().close();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + raftPort);
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect();
             io.lettuce.core.api.StatefulRedisConnection<String, String> otherConnection = client.connect()) {
            io.lettuce.core.api.sync.RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.multi()).isEqualTo("OK");
            redis.set("lt:a", "1");
            redis.incr("lt:a");
            redis.rpush("lt:l", "x", "y");
            io.lettuce.core.TransactionResult result = redis.exec();
            assertThat(result.wasDiscarded()).isFalse();
            assertThat(result.<Object>stream().toList()).containsExactly("OK", 2L, 2L);

            assertThat(redis.watch("lt:a")).isEqualTo("OK");
            otherConnection.sync().set("lt:a", "changed");
            redis.multi();
            redis.set("lt:a", "mine");
            assertThat(redis.exec().wasDiscarded()).isTrue();
            assertThat(redis.get("lt:a")).isEqualTo("changed");

            redis.multi();
            redis.set("lt:b", "1");
            assertThat(redis.discard()).isEqualTo("OK");
            assertThat(redis.exists("lt:b")).isZero();
            assertThat(redis.objectEncoding("lt:l")).isEqualTo("quicklist");
            assertThat(redis.del("lt:a", "lt:l")).isEqualTo(2);
        } finally {
            client.shutdown();
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
