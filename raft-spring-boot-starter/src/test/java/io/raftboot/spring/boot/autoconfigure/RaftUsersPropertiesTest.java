package io.raftboot.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.raftboot.api.ClientUser;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.UserRole;
import io.raftboot.spring.boot.support.CounterStateMachine;
import io.raftboot.spring.boot.support.FakeRaftNode;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code raft.users.<name>.password} and {@code .role}: bound, checked at start-up, served over RESP. */
class RaftUsersPropertiesTest {
    private static final ProtocolCommand INCRBY = () -> "INCRBY".getBytes();
    private static final ProtocolCommand RAFTSNAPSHOT = () -> "RAFTSNAPSHOT".getBytes();

    @TempDir
    Path temp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class))
            .withUserConfiguration(CounterStateMachine.class);

    @Configuration(proxyBeanMethods = false)
    static class NoNode {
        @Bean
        FakeRaftNode userRaftNode() {
            return new FakeRaftNode();
        }
    }

    @Test
    void usersBindWithTheirRoles() {
        runner.withUserConfiguration(NoNode.class).withPropertyValues("raft.password=root-pw",
                "raft.users.reader.password=r-pw", "raft.users.reader.role=read",
                "raft.users.ops.password=o-pw", "raft.users.ops.role=admin").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RaftOptions.class).users()).containsExactlyInAnyOrder(
                            new ClientUser("reader", "r-pw", UserRole.READ), new ClientUser("ops", "o-pw", UserRole.ADMIN));
                });
    }

    @Test
    void badUsersFailStartUpNamingTheProperty() {
        String[][] cases = {
                {"raft.users.bob.role=superuser", "raft.users.bob.password=pw", "raft.password=root-pw",
                        "raft.users.bob.role must be read, write or admin, got 'superuser'"},
                {"raft.users.bob.role=read", "raft.users.bob.password=", "raft.password=root-pw",
                        "raft.users.bob.password must not be empty"},
                {"raft.users.bob.password=pw", "raft.password=root-pw", "raft.enabled=true",
                        "raft.users.bob.role must be set: read, write or admin"},
                {"raft.users.default.role=read", "raft.users.default.password=pw", "raft.password=root-pw",
                        "raft.users.default: the default user is raft.password"},
                {"raft.users.bob.role=read", "raft.users.bob.password=pw", "raft.enabled=true",
                        "raft.users needs raft.password"}};
        for (String[] c : cases) {
            runner.withUserConfiguration(NoNode.class).withPropertyValues(c[0], c[1], c[2])
                    .run(context -> assertThat(invalid(context)).as(c[3]).startsWith(c[3]));
        }
    }

    @Test
    void usersAreDescribedInTheConfigurationMetadata() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode users = null;
            for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
                if (property.get("name").asString().equals("raft.users")) {
                    users = property;
                }
            }
            assertThat(users).isNotNull();
            assertThat(users.get("description").asString()).contains("raft.users.NAME.password",
                    "raft.users.NAME.role (read, write or admin)");
        }
    }

    private static String invalid(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            if (t instanceof InvalidRaftPropertiesException e) {
                return e.getMessage();
            }
        }
        throw new AssertionError("no InvalidRaftPropertiesException in " + context.getStartupFailure());
    }

    private ApplicationContextRunner realNode(String... properties) {
        return runner.withPropertyValues("raft.port=0", "raft.log-store=memory",
                "raft.data-dir=" + temp.resolve("data"), "raft.election-timeout=300ms", "raft.heartbeat-interval=50ms")
                .withPropertyValues(properties);
    }

    private static int awaitLeader(AssertableApplicationContext context) {
        RaftNode node = context.getBean(RaftNode.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> node.status().role() == NodeRole.LEADER);
        return node.port();
    }

    @Test
    void aSetupWithOnlyRaftPasswordWorksAsBefore() {
        realNode("raft.password=root-pw").run(context -> {
            int port = awaitLeader(context);
            try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
                assertThatThrownBy(() -> jedis.sendCommand(INCRBY, "hits", "1"))
                        .hasMessage("NOAUTH Authentication required.");
                assertThat(jedis.auth("root-pw")).isEqualTo("OK");
                assertThat(jedis.sendCommand(INCRBY, "hits", "1")).isEqualTo(1L);
                assertThat(new String((byte[]) jedis.sendCommand(RAFTSNAPSHOT))).isEqualTo("OK");
            }
        });
    }

    @Test
    void configuredUsersSignInWithTheirRoles() {
        realNode("raft.password=root-pw", "raft.users.reader.password=r-pw", "raft.users.reader.role=read",
                "raft.users.writer.password=w-pw", "raft.users.writer.role=write").run(context -> {
                    int port = awaitLeader(context);
                    try (Jedis writer = new Jedis("127.0.0.1", port, 10_000);
                         Jedis reader = new Jedis("127.0.0.1", port, 10_000)) {
                        assertThat(writer.auth("writer", "w-pw")).isEqualTo("OK");
                        assertThat(reader.auth("reader", "r-pw")).isEqualTo("OK");
                        assertThat(writer.sendCommand(INCRBY, "hits", "2")).isEqualTo(2L);
                        assertThatThrownBy(() -> reader.sendCommand(INCRBY, "hits", "1"))
                                .hasMessage("NOPERM User reader has no permissions to run the 'incrby' command");
                        assertThatThrownBy(() -> writer.sendCommand(RAFTSNAPSHOT))
                                .hasMessage("NOPERM User writer has no permissions to run the 'raftsnapshot' command");
                    }
                });
    }
}
