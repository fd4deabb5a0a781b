package io.raftboot.sample.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Command;
import io.raftboot.api.CommandException;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep's protocol against a scripted node standing in for {@link RaftNode#execute}. */
class ExpirySweeperTest {

    /** Answers EXPIREDKEYS with the next scripted batch and EXPIRED with the number of keys; records commands. */
    private static final class ScriptedNode {
        final List<String> commands = Collections.synchronizedList(new ArrayList<>());
        final List<List<String>> batches;
        final AtomicInteger batch = new AtomicInteger();
        volatile boolean leading = true;

        ScriptedNode(List<List<String>> batches) {
            this.batches = batches;
        }

        RaftNode node() {
            return (RaftNode) Proxy.newProxyInstance(RaftNode.class.getClassLoader(), new Class<?>[] {RaftNode.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("execute")) {
                            return execute((Command) args[0]);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        private CompletableFuture<Object> execute(Command command) {
            List<String> words = new ArrayList<>();
            for (byte[] arg : command.toArray()) {
                words.add(new String(arg, StandardCharsets.UTF_8));
            }
            commands.add(String.join(" ", words));
            if (!leading) {
                return CompletableFuture.failedFuture(new CommandException("TRY 127.0.0.1:1"));
            }
            if (words.get(0).equals("EXPIREDKEYS")) {
                int i = batch.getAndIncrement();
                List<Object> keys = new ArrayList<>();
                (i < batches.size() ? batches.get(i) : List.<String>of())
                        .forEach(k -> keys.add(k.getBytes(StandardCharsets.UTF_8)));
                return CompletableFuture.completedFuture(keys);
            }
            if (words.get(0).equals("EXPIRED")) {
                return CompletableFuture.completedFuture((long) (words.size() - 1));
            }
            return CompletableFuture.failedFuture(new CommandException("ERR unexpected"));
        }
    }

    private ExpirySweeper sweeper;

    @AfterEach
    void tearDown() {
        if (sweeper != null) {
            sweeper.destroy();
        }
    }

    @Test
    void aLeaderProposesTheExpiredKeysInBatchesUntilABatchComesBackShort() {
        ScriptedNode scripted = new ScriptedNode(List.of(List.of("a", "b"), List.of("c")));
        sweeper = new ExpirySweeper(Duration.ofMillis(20), 2);
        RaftNode node = scripted.node();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.CANDIDATE, NodeRole.LEADER, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> scripted.commands.size() >= 5);
        assertThat(List.copyOf(scripted.commands).subList(0, 5)).containsExactly(
                "EXPIREDKEYS 2", "EXPIRED a b", "EXPIREDKEYS 2", "EXPIRED c", "EXPIREDKEYS 2");

        assertThat(sweeper.isSweeping()).isTrue();

        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.LEADER, NodeRole.FOLLOWER, 3));
        assertThat(sweeper.isSweeping()).isFalse();
    }

    @Test
    void aRedirectRightAfterLosingLeadershipDoesNotStopTheSchedule() {
        ScriptedNode scripted = new ScriptedNode(List.of());
        scripted.leading = false;
        sweeper = new ExpirySweeper(Duration.ofMillis(10), 2);
        sweeper.onRoleChanged(new RaftRoleChangedEvent(scripted.node(), NodeRole.CANDIDATE, NodeRole.LEADER, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> scripted.commands.size() >= 3);
        assertThat(scripted.commands).allMatch(c -> c.equals("EXPIREDKEYS 2"));
        assertThat(sweeper.isSweeping()).isTrue();
    }

    @Test
    void onlyALeaderSweeps() {
        sweeper = new ExpirySweeper(Duration.ofMillis(10), 2);
        RaftNode node = new ScriptedNode(List.of()).node();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.LEADER, NodeRole.FOLLOWER, 3));
        assertThat(sweeper.isSweeping()).isFalse();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.FOLLOWER, NodeRole.CANDIDATE, 4));
        assertThat(sweeper.isSweeping()).isFalse();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.CANDIDATE, NodeRole.LEADER, 4));
        assertThat(sweeper.isSweeping()).isTrue();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.LEADER, NodeRole.SHUTDOWN, 4));
        assertThat(sweeper.isSweeping()).isFalse();
    }

    @Test
    void settingsAreValidatedWithThePropertyName() {
        assertThatThrownBy(() -> new ExpirySweeper(Duration.ZERO, 10))
                .hasMessageContaining("sample.expiry.sweep-interval");
        assertThatThrownBy(() -> new ExpirySweeper(Duration.ofSeconds(1), 0))
                .hasMessageContaining("sample.expiry.batch");
    }
}
