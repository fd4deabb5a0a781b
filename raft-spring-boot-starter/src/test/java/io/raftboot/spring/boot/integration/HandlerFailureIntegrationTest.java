package io.raftboot.spring.boot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.raftboot.api.CommandException;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;
import io.raftboot.spring.boot.health.RaftHealthIndicator;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

/** The threading contract as a user meets it: exceptions from handlers, over a real node. */
class HandlerFailureIntegrationTest {

    private static final ProtocolCommand FAIL = () -> "FAIL".getBytes();
    private static final ProtocolCommand BUMP = () -> "BUMP".getBytes();
    private static final ProtocolCommand VERSION = () -> "VERSION".getBytes();

    @TempDir
    Path temp;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class))
                .withUserConfiguration(Fragile.class)
                .withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.data-dir=" + temp.resolve("data"),
                        "raft.election-timeout=300ms", "raft.heartbeat-interval=50ms");
    }

    @Test
    void aRuntimeExceptionFromAWriteIsItsReplyAndTheNodeGoesOn() {
        runner().run(context -> {
            RaftNode node = leader(context.getBean(RaftNode.class));
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                assertThat(jedis.sendCommand(BUMP)).isEqualTo(1L);
                long appliedBefore = node.status().appliedIndex();
                assertThatThrownBy(() -> jedis.sendCommand(FAIL, "code"))
                        .isInstanceOf(JedisDataException.class).hasMessage("WRONGTYPE not a counter");
                assertThatThrownBy(() -> jedis.sendCommand(FAIL, "plain"))
                        .isInstanceOf(JedisDataException.class).hasMessage("ERR state is fine, the request is not");
                // the failed writes were logged and applied like any other entry (the reply may leave
                // the apply thread a moment before the applied index moves past the entry)
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> node.status().appliedIndex() >= appliedBefore + 2);
                assertThat(jedis.sendCommand(BUMP)).isEqualTo(2L);
                assertThat(jedis.sendCommand(VERSION)).isEqualTo(2L);
            }
        });
    }

    @Test
    void anErrorFromAWriteStopsTheNode() {
        runner().run(context -> {
            RaftNode node = leader(context.getBean(RaftNode.class));
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                assertThatThrownBy(() -> jedis.sendCommand(FAIL, "error")).isInstanceOf(RuntimeException.class);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().role() == NodeRole.SHUTDOWN);
            assertThat(new RaftHealthIndicator(node, Duration.ofMillis(300)).health().getStatus().getCode())
                    .isEqualTo("DOWN");
        });
    }

    @Test
    void anErrorFromAWriteTurnsTheApplicationsLivenessBroken() {
        runner().withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class)).run(context -> {
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            RaftNode node = leader(context.getBean(RaftNode.class));
            // what SpringApplication publishes once started (a context runner does not)
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
            try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
                assertThatThrownBy(() -> jedis.sendCommand(FAIL, "error")).isInstanceOf(RuntimeException.class);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
        });
    }

    private static RaftNode leader(RaftNode node) {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.status().role() == NodeRole.LEADER);
        return node;
    }

    @RaftStateMachine
    static class Fragile {
        private long version;

        @WriteCommand("BUMP")
        long bump() {
            return ++version;
        }

        @ReadCommand("VERSION")
        long version() {
            return version;
        }

        @WriteCommand("FAIL")
        void fail(String how) {
            switch (how) {
                case "code" -> throw new CommandException("WRONGTYPE not a counter");
                case "error" -> throw new AssertionError("invariant broken");
                default -> throw new IllegalArgumentException("state is fine, the request is not");
            }
        }

        @Snapshot
        byte[] snapshot() {
            return Long.toString(version).getBytes();
        }

        @Restore
        void restore(InputStream in) throws java.io.IOException {
            version = Long.parseLong(new String(in.readAllBytes()));
        }
    }
}
