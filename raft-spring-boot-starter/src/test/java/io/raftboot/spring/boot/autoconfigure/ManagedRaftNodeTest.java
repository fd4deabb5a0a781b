package io.raftboot.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.NodeRole;
import io.raftboot.api.PreparedNode;
import io.raftboot.api.RaftListener;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import io.raftboot.spring.boot.event.RaftLeaderChangedEvent;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import io.raftboot.spring.boot.support.FakeRaftNode;

class ManagedRaftNodeTest {

    private static final StateMachine NO_STATE = new StateMachine() {
        @Override
        public List<CommandSpec> commands() {
            return List.of();
        }

        @Override
        public SnapshotWriter snapshot() {
            return out -> {
            };
        }

        @Override
        public void restore(InputStream in) {
        }
    };

    @TempDir
    Path temp;

    private final List<Object> events = new ArrayList<>();
    private final MockEnvironment environment = new MockEnvironment();
    private final FakeRaftNode fake = new FakeRaftNode();

    @Test
    void startingOpensTheNodeAndPublishesItsPort() {
        AtomicReference<RaftOptions> opened = new AtomicReference<>();
        RaftOptions options = RaftOptions.builder().port(0).dataDir(temp.resolve("data")).build();
        ManagedRaftNode node = managed(options, (o, s) -> {
            opened.set(o);
            return fake;
        });
        assertThat(node.isRunning()).isFalse();
        node.start();
        assertThat(node.isRunning()).isTrue();
        assertThat(opened.get()).isSameAs(options);
        assertThat(environment.getProperty("local.raft.port", Integer.class)).isEqualTo(7001);
        assertThat(Files.isDirectory(temp.resolve("data"))).isTrue();
        assertThat(node.status()).isSameAs(fake.status());
        node.stop();
        assertThat(node.isRunning()).isFalse();
        assertThat(fake.closes()).isEqualTo(1);
    }

    @Test
    void stopsBeforeTheWebServerShutsDownGracefullyAndAfterApplicationLifecycleBeans() {
        ManagedRaftNode node = managed(RaftOptions.builder().build(), (o, s) -> fake);
        // a higher phase stops earlier
        assertThat(node.getPhase())
                .isGreaterThan(org.springframework.boot.web.server.context.WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
                .isLessThan(org.springframework.context.SmartLifecycle.DEFAULT_PHASE);
    }

    @Test
    void aRestartKeepsThePortTheFirstStartPicked() {
        List<Integer> requestedPorts = new ArrayList<>();
        ManagedRaftNode node = managed(RaftOptions.builder().port(0).build(), (o, s) -> {
            requestedPorts.add(o.port());
            return fake;
        });
        node.start();
        node.stop();
        node.start();
        assertThat(requestedPorts).containsExactly(0, 7001);
    }

    @Test
    void roleAndLeaderChangesBecomeApplicationEvents() {
        ManagedRaftNode node = managed(RaftOptions.builder().build(), (o, s) -> fake);
        node.start();
        for (RaftListener listener : fake.listeners()) {
            listener.roleChanged(NodeRole.FOLLOWER, NodeRole.LEADER, 5);
            listener.leaderChanged("n1", "127.0.0.1:7001", 5);
        }
        assertThat(events).hasSize(2);
        RaftRoleChangedEvent role = (RaftRoleChangedEvent) events.get(0);
        assertThat(role.getPreviousRole()).isEqualTo(NodeRole.FOLLOWER);
        assertThat(role.getRole()).isEqualTo(NodeRole.LEADER);
        assertThat(role.getTerm()).isEqualTo(5);
        assertThat(role.getNode()).isSameAs(node);
        RaftLeaderChangedEvent leader = (RaftLeaderChangedEvent) events.get(1);
        assertThat(leader.getLeaderId()).isEqualTo("n1");
        assertThat(leader.getLeaderAddress()).isEqualTo("127.0.0.1:7001");
        assertThat(leader.isLeaderKnown()).isTrue();
    }

    @Test
    void listenersAddedBeforeStartAreAttachedOnStart() {
        ManagedRaftNode node = managed(RaftOptions.builder().build(), (o, s) -> fake);
        RaftListener listener = new RaftListener() {
        };
        node.addListener(listener);
        node.start();
        assertThat(fake.listeners()).contains(listener);
        node.removeListener(listener);
        assertThat(fake.listeners()).doesNotContain(listener);
    }

    @Test
    void aNodeThatIsNotRunningSaysSo() {
        ManagedRaftNode node = managed(RaftOptions.builder().build(), (o, s) -> fake);
        assertThatThrownBy(node::status).isInstanceOf(IllegalStateException.class)
                .hasMessage("The Raft node is not running");
        assertThatThrownBy(node::snapshot).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPortInUseIsRecognised() {
        ManagedRaftNode node = managed(RaftOptions.builder().port(7481).build(), (o, s) -> {
            throw new IllegalStateException("cannot listen", new BindException("Address already in use"));
        });
        assertThatThrownBy(node::start).isInstanceOfSatisfying(RaftPortInUseException.class, e -> {
            assertThat(e.getHost()).isEqualTo("127.0.0.1");
            assertThat(e.getPort()).isEqualTo(7481);
        });
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedBeforeOpening() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");
        ManagedRaftNode node = managed(RaftOptions.builder().dataDir(file).build(), (o, s) -> {
            throw new AssertionError("must not open");
        });
        assertThatThrownBy(node::start).isInstanceOfSatisfying(RaftDataDirectoryException.class, e -> {
            assertThat(e.getDirectory()).isEqualTo(file);
            assertThat(e.getReason()).startsWith("cannot be created");
        });
    }

    @Test
    void fileSystemFailuresWhileOpeningAreDataDirectoryProblems() {
        Path data = temp.resolve("data");
        ManagedRaftNode node = managed(RaftOptions.builder().dataDir(data).build(), (o, s) -> {
            throw new IllegalStateException("cannot open log", new AccessDeniedException(data.resolve("log").toString()));
        });
        assertThatThrownBy(node::start).isInstanceOfSatisfying(RaftDataDirectoryException.class,
                e -> assertThat(e.getDirectory()).isEqualTo(data.resolve("log")));
    }

    @Test
    void aLockedDataDirectoryIsRecognised() {
        Path data = temp.resolve("data");
        ManagedRaftNode node = managed(RaftOptions.builder().dataDir(data).build(), (o, s) -> {
            throw new IllegalStateException("data directory " + data + " is in use by another raftboot process");
        });
        assertThatThrownBy(node::start).isInstanceOfSatisfying(RaftDataDirectoryException.class, e -> {
            assertThat(e.getDirectory()).isEqualTo(data);
            assertThat(e.getReason()).startsWith("is in use by another node");
        });
    }

    @Test
    void aDataDirectoryThatCannotBeOpenedIsRecognised() {
        Path data = temp.resolve("data");
        ManagedRaftNode node = managed(RaftOptions.builder().build(), (o, s) -> {
            throw new IllegalStateException("cannot open data directory " + data + ": No space left on device");
        });
        assertThatThrownBy(node::start).isInstanceOfSatisfying(RaftDataDirectoryException.class, e -> {
            assertThat(e.getDirectory()).isEqualTo(data);
            assertThat(e.getReason()).startsWith("cannot be used");
        });
    }

    @Test
    void otherFailuresPassUnchanged() {
        IllegalStateException failure = new IllegalStateException("member data lost: remove it, then join with a new id");
        ManagedRaftNode node = managed(RaftOptions.builder().build(), (o, s) -> {
            throw failure;
        });
        assertThatThrownBy(node::start).isSameAs(failure);
    }

    /** A node whose start opens in one step with {@code opener}. */
    private ManagedRaftNode managed(RaftOptions options,
                                    java.util.function.BiFunction<RaftOptions, StateMachine, RaftNode> opener) {
        return new ManagedRaftNode(options, NO_STATE, events::add, environment, (o, s) -> new PreparedNode() {
            @Override
            public RaftNode start() {
                return opener.apply(o, s);
            }

            @Override
            public void close() {
            }
        });
    }
}
