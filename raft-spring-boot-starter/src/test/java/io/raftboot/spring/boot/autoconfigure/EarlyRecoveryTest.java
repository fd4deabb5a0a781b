package io.raftboot.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.raftboot.api.Command;
import io.raftboot.api.RaftNode;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import io.raftboot.spring.boot.support.CounterStateMachine;
import io.raftboot.storage.LogDamage;

/**
 * The node bean recovers its data dir and replays its log while Spring creates the rest of the
 * context: before its lifecycle start, with the same refusal of a damaged log, and a context closed
 * (or failing) meanwhile stops the replay and releases the data dir.
 */
class EarlyRecoveryTest {

    static final int WRITES = 500;

    @TempDir
    Path temp;

    int port;

    /** Opens the gate of every {@link GatedCounter} once a test is done. */
    static volatile CountDownLatch gate;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class));

    @BeforeEach
    void writeALog() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        gate = new CountDownLatch(1);
        node(CounterStateMachine.class).run(context -> {
            RaftNode node = context.getBean(RaftNode.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
            for (int i = 0; i < WRITES; i++) {
                node.execute(Command.of("INCRBY", "c", "1")).get(10, TimeUnit.SECONDS);
            }
        });
    }

    @AfterEach
    void openTheGate() {
        gate.countDown();
    }

    /** A fixed port, so the node's identity is known before it binds and it recovers at once. */
    private ApplicationContextRunner node(Class<?>... user) {
        return runner.withUserConfiguration(user).withPropertyValues("raft.node-id=n1", "raft.port=" + port,
                "raft.data-dir=" + temp.resolve("data"), "raft.durability=low", "raft.election-timeout=300ms",
                "raft.heartbeat-interval=50ms", "raft.shutdown-timeout=0s");
    }

    @Test
    void theLogIsReplayedWhileTheRestOfTheContextIsCreated() {
        node(CounterStateMachine.class, WaitsForTheReplay.class).run(context -> {
            assertThat(context).hasNotFailed();
            WaitsForTheReplay witness = context.getBean(WaitsForTheReplay.class);
            assertThat(witness.nodeWasRunning).as("the replay ran before the lifecycle start").isFalse();
            assertThat(witness.replayed).isEqualTo(WRITES);
            RaftNode node = context.getBean(RaftNode.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
            assertThat(node.execute(Command.of("COUNTER", "c")).get(10, TimeUnit.SECONDS)).isEqualTo((long) WRITES);
        });
    }

    /**
     * The node bean, and with it the recovery, comes before the beans of other auto-configurations,
     * even one whose name sorts first and which has no ordering of its own.
     */
    @Test
    void theNodeBeanIsCreatedBeforeTheBeansOfOtherAutoConfigurations() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AnUnrelatedAutoConfiguration.class, RaftAutoConfiguration.class))
                .withUserConfiguration(CounterStateMachine.class, CreationOrder.class)
                .withPropertyValues("raft.node-id=n1", "raft.port=" + port, "raft.data-dir=" + temp.resolve("data"),
                        "raft.durability=low", "raft.shutdown-timeout=0s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<String> created = context.getBean(CreationOrder.class).created;
                    assertThat(created).contains("raftNode", "unrelatedBean");
                    assertThat(created.indexOf("raftNode")).isLessThan(created.indexOf("unrelatedBean"));
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class AnUnrelatedAutoConfiguration {
        @Bean
        String unrelatedBean() {
            return "unrelated";
        }
    }

    /** Records the order in which the context initialises its beans. */
    static class CreationOrder implements BeanPostProcessor {
        final List<String> created = new CopyOnWriteArrayList<>();

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            created.add(beanName);
            return bean;
        }
    }

    @Test
    void aCorruptCommittedPrefixStillFailsTheStartWithItsMessage() throws IOException {
        Path segment = LogDamage.corruptAnEarlyRecord(temp.resolve("data"));
        node(CounterStateMachine.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot start raft node: corrupt log record in " + segment)
                    .hasMessageContaining("refusing to start");
        });
    }

    @Test
    void closingTheContextMidReplayStopsTheReplay() throws Exception {
        ConfigurableApplicationContext[] running = new ConfigurableApplicationContext[1];
        GatedCounter[] counter = new GatedCounter[1];
        Thread closer = new Thread(() -> running[0].close(), "closer");
        node(GatedCounter.class).run(context -> {
            running[0] = context.getSourceApplicationContext();
            counter[0] = context.getBean(GatedCounter.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> counter[0].applied.get() == GatedCounter.HOLD_AT);
            closer.start();
            // the node asked the replay to stop and waits for the entry under way
            await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
            gate.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(closer.isAlive()).isFalse();
        });
        assertThat(counter[0].applied.get()).as("no entry after the one under way").isEqualTo(GatedCounter.HOLD_AT);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("raft-apply-n1"));
    }

    @Test
    void aContextThatFailsWhileTheNodeRecoversReleasesTheDataDir() {
        node(CounterStateMachine.class, FailsAfterTheNode.class).run(context -> assertThat(context).hasFailed());
        node(CounterStateMachine.class).run(context -> {
            assertThat(context).hasNotFailed();
            RaftNode node = context.getBean(RaftNode.class);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> Long.valueOf(WRITES).equals(node.execute(Command.of("COUNTER", "c")).get(10, TimeUnit.SECONDS)));
        });
    }

    /** Created after the node bean (it needs it), before the context starts: waits there for the replay. */
    @Configuration(proxyBeanMethods = false)
    static class WaitsForTheReplay {
        boolean nodeWasRunning;
        long replayed;

        @Bean
        Object replayWitness(RaftNode node, CounterStateMachine counters) {
            await().atMost(Duration.ofSeconds(30)).until(() -> counters.counter("c") != null
                    && counters.counter("c") == WRITES);
            nodeWasRunning = ((ManagedRaftNode) node).isRunning();
            replayed = counters.counter("c");
            return "witness";
        }
    }

    /** Fails the context after the node bean exists and recovers. */
    @Configuration(proxyBeanMethods = false)
    static class FailsAfterTheNode {
        @Bean
        Object failing(RaftNode node) {
            throw new IllegalStateException("a bean that cannot be created");
        }
    }

    /** Counts INCRBYs; from the {@code HOLD_AT}-th on they wait at the gate. */
    @RaftStateMachine
    static class GatedCounter {
        static final int HOLD_AT = 10;
        final AtomicInteger applied = new AtomicInteger();

        @WriteCommand("INCRBY")
        public long incrementBy(String name, long delta) throws InterruptedException {
            if (applied.incrementAndGet() >= HOLD_AT && !gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            return applied.get();
        }

        @ReadCommand("COUNTER")
        public Long counter(String name) {
            return (long) applied.get();
        }

        @Snapshot
        public SnapshotWriter snapshot() {
            return out -> out.write(new byte[0]);
        }

        @Restore
        public void restore(InputStream in) {
            throw new UnsupportedOperationException("no snapshots in this test");
        }
    }
}
