package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftListener;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A fatal error stops the node and is told to listeners, so the application can react (restart). */
class FatalErrorTest {
    private TestCluster cluster;

    /** A state machine whose BREAK command throws an Error: the node cannot skip the entry. */
    static final class Breakable implements StateMachine {
        @Override
        public List<CommandSpec> commands() {
            return List.of(CommandSpec.write("BREAK", 1, (cmd, ctx) -> {
                throw new AssertionError("the state machine broke at index " + ctx.index());
            }), CommandSpec.write("FINE", 1, (cmd, ctx) -> Status.OK));
        }

        @Override
        public SnapshotWriter snapshot() {
            return out -> { };
        }

        @Override
        public void restore(InputStream in) {
        }
    }

    /** A one-member node with {@code haltOnFatal} that breaks itself: the JVM must end with status 70. */
    public static final class HaltingMain {
        public static void main(String[] args) throws Exception {
            io.raftboot.api.RaftNode node = io.raftboot.RaftNodes.open(io.raftboot.api.RaftOptions.builder()
                    .nodeId("h1").host("127.0.0.1").port(0).dataDir(java.nio.file.Path.of(args[0]))
                    .electionTimeout(TestCluster.ELECTION).heartbeatInterval(TestCluster.HEARTBEAT)
                    .haltOnFatal(true).build(), new Breakable());
            await().atMost(TestCluster.WAIT).until(() -> node.status().role() == NodeRole.LEADER);
            node.execute(Command.of("BREAK"));
            new java.util.concurrent.CountDownLatch(1).await(); // the halt ends the process
        }
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aListenerHearsTheFatalErrorOnceAndTheNodeStops() throws Exception {
        cluster = TestCluster.create(1, b -> { });
        TestCluster.Member member = cluster.member(0);
        cluster.startMember(member, cluster.options(member), new Breakable());
        cluster.awaitLeader();
        AtomicReference<Throwable> heard = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger times = new java.util.concurrent.atomic.AtomicInteger();
        member.node().addListener(new RaftListener() {
            @Override
            public void stoppedByFatalError(Throwable cause) {
                heard.set(cause);
                times.incrementAndGet();
            }
        });
        assertThat(member.node().execute(Command.of("FINE")).get()).isEqualTo("OK");
        member.node().execute(Command.of("BREAK"));
        await().atMost(TestCluster.WAIT).until(() -> heard.get() != null);
        assertThat(heard.get()).isInstanceOf(AssertionError.class).hasMessageContaining("the state machine broke");
        await().atMost(TestCluster.WAIT).until(() -> member.node().status().role() == NodeRole.SHUTDOWN);
        assertThat(times.get()).isEqualTo(1);
    }

    @Test
    void withHaltOnFatalTheProcessEndsWithStatus70(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Process process = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"), HaltingMain.class.getName(),
                dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the process ended").isTrue();
            assertThat(process.exitValue()).isEqualTo(RaftNodeImpl.HALT_STATUS);
        } finally {
            process.destroyForcibly();
        }
    }
}
