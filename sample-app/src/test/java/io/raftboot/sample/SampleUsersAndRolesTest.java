package io.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.Jedis;

/**
 * The sample as users deploy it with {@code raft.users.*}: a one-member cluster, clients signed in
 * as read, write and admin users, FLUSHALL kept for admins, and the safe defaults of the HTTP side
 * (bound to raft.host, nothing state-changing exposed).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleUsersAndRolesTest {

    @DynamicPropertySource
    static void raftProperties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "sample-users-test");
        registry.add("raft.port", () -> "0");
        registry.add("raft.node-id", () -> "guarded");
        registry.add("raft.data-dir", dataDir::toString);
        registry.add("raft.election-timeout", () -> "300ms");
        registry.add("raft.heartbeat-interval", () -> "50ms");
        registry.add("raft.password", () -> "root-pw");
        registry.add("raft.users.reader.password", () -> "r-pw");
        registry.add("raft.users.reader.role", () -> "read");
        registry.add("raft.users.writer.password", () -> "w-pw");
        registry.add("raft.users.writer.role", () -> "write");
        registry.add("raft.users.ops.password", () -> "o-pw");
        registry.add("raft.users.ops.role", () -> "admin");
    }

    @LocalServerPort
    int httpPort;

    @Value("${local.raft.port}")
    int raftPort;

    private Jedis signedIn(String user, String password) {
        Jedis jedis = new Jedis("127.0.0.1", raftPort, 10_000);
        jedis.auth(user, password);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Leader".equals(new String(
                (byte[]) jedis.sendCommand(() -> "RAFTSTATE".getBytes()), StandardCharsets.UTF_8)));
        return jedis;
    }

    private static String noPerm(String user, String command) {
        return "NOPERM User " + user + " has no permissions to run the '" + command + "' command";
    }

    @Test
    void readWriteAndAdminUsersEachRunWhatTheirRoleAllows() {
        try (Jedis reader = signedIn("reader", "r-pw"); Jedis writer = signedIn("writer", "w-pw");
             Jedis ops = signedIn("ops", "o-pw")) {
            assertThat(writer.set("colour", "green")).isEqualTo("OK");
            assertThat(writer.hset("h", "f", "v")).isEqualTo(1);
            assertThat(reader.get("colour")).isEqualTo("green");
            assertThat(reader.hget("h", "f")).isEqualTo("v");
            assertThat(reader.dbSize()).isEqualTo(2);
            assertThatThrownBy(() -> reader.set("colour", "red")).hasMessage(noPerm("reader", "set"));
            assertThatThrownBy(() -> reader.del("colour")).hasMessage(noPerm("reader", "del"));
            assertThatThrownBy(writer::flushAll).hasMessage(noPerm("writer", "flushall"));
            assertThatThrownBy(writer::flushDB).hasMessage(noPerm("writer", "flushdb"));
            assertThat(reader.get("colour")).as("nothing was wiped").isEqualTo("green");

            assertThat(ops.flushAll()).isEqualTo("OK");
            assertThat(reader.dbSize()).isZero();
        }
    }

    @Test
    void raftPasswordStaysTheDefaultAdmin() {
        try (Jedis admin = signedIn("default", "root-pw"); Jedis anonymous = new Jedis("127.0.0.1", raftPort, 10_000)) {
            assertThat(admin.set("k", "v")).isEqualTo("OK");
            assertThat(admin.flushDB()).isEqualTo("OK");
            assertThatThrownBy(() -> anonymous.get("k")).hasMessage("NOAUTH Authentication required.");
            assertThat(anonymous.auth("root-pw")).isEqualTo("OK");
            assertThat(anonymous.aclWhoAmI()).isEqualTo("default");
        }
    }

    @Test
    void flushallIsReportedAsAnAdminCommand() {
        try (Jedis reader = signedIn("reader", "r-pw")) {
            List<?> info = (List<?>) ((List<?>) reader.sendCommand(() -> "COMMAND".getBytes(), "INFO", "FLUSHALL")).get(0);
            assertThat(((List<?>) info.get(2)).stream().map(f -> new String((byte[]) f, StandardCharsets.UTF_8)))
                    .contains("admin", "write");
        }
    }

    @Test
    void lettuceSignsInAsAWriterWhoCannotFlush() {
        signedIn("reader", "r-pw").close();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> writer = client.connect(RedisURI.builder().withHost("127.0.0.1")
                .withPort(raftPort).withAuthentication("writer", "w-pw").build())) {
            assertThat(writer.sync().set("lettuce", "ok")).isEqualTo("OK");
            assertThatThrownBy(() -> writer.sync().flushall()).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage(noPerm("writer", "flushall"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theActuatorChangesNothingUnlessAccessIsGranted() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/raft")).GET())).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/raft/snapshot")).POST(HttpRequest.BodyPublishers.noBody())))
                .isBetween(400, 499);
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/raft/transfer-leadership"))
                .POST(HttpRequest.BodyPublishers.noBody()))).isBetween(400, 499);
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/raftsnapshots")).GET())).isEqualTo(404);
    }

    @Test
    void theHttpPortListensOnlyWhereRaftHostIs() throws Exception {
        Optional<InetAddress> elsewhere = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        assumeThat(elsewhere).as("a non-loopback address on this machine").isPresent();
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(elsewhere.get(), httpPort), 2000))
                    .isInstanceOf(IOException.class);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 2000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static int send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
