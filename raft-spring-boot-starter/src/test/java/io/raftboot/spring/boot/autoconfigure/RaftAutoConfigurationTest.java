package io.raftboot.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.raftboot.api.ClientLimits;
import io.raftboot.api.Consistency;
import io.raftboot.api.Durability;
import io.raftboot.api.LogStoreType;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.Redirect;
import io.raftboot.api.StateMachine;
import io.raftboot.spring.boot.event.RaftLeaderChangedEvent;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachine;
import io.raftboot.spring.boot.support.CounterStateMachine;
import io.raftboot.spring.boot.support.FakeRaftNode;

import static org.awaitility.Awaitility.await;

class RaftAutoConfigurationTest {

    @TempDir
    Path temp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class));

    /** A real node on a free port with an in-memory log, as fast as the runtime allows. */
    private ApplicationContextRunner realNode() {
        return runner.withUserConfiguration(CounterStateMachine.class)
                .withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.data-dir=" + temp.resolve("data"),
                        "raft.election-timeout=300ms", "raft.heartbeat-interval=50ms");
    }

    @Test
    void raftEnabledFalseSwitchesEverythingOff() {
        runner.withUserConfiguration(CounterStateMachine.class).withPropertyValues("raft.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RaftNode.class);
                    assertThat(context).doesNotHaveBean(RaftOptions.class);
                    assertThat(context).doesNotHaveBean(StateMachine.class);
                    assertThat(context).doesNotHaveBean(RaftProperties.class);
                });
    }

    @Test
    void startsANodeServingTheAnnotatedBeanAndPublishesItsPort() {
        realNode().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(ManagedRaftNode.class);
            assertThat(context.getBean(StateMachine.class)).isInstanceOf(AnnotatedStateMachine.class);
            RaftNode node = context.getBean(RaftNode.class);
            assertThat(node.port()).isPositive();
            assertThat(context.getEnvironment().getProperty("local.raft.port", Integer.class)).isEqualTo(node.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> node.status().role() == NodeRole.LEADER);
        });
    }

    @Test
    void roleAndLeaderChangesArePublishedAsEvents() {
        realNode().withUserConfiguration(EventRecorder.class).run(context -> {
            EventRecorder recorder = context.getBean(EventRecorder.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(recorder.roles).anySatisfy(event -> assertThat(event.getRole()).isEqualTo(NodeRole.LEADER));
                assertThat(recorder.leaders).anySatisfy(event -> assertThat(event.isLeaderKnown()).isTrue());
            });
        });
    }

    @Test
    void stoppingTheContextClosesTheNode() {
        realNode().run(context -> {
            ManagedRaftNode node = context.getBean(ManagedRaftNode.class);
            assertThat(node.isRunning()).isTrue();
            context.close();
            assertThat(node.isRunning()).isFalse();
        });
    }

    @Test
    void mapsEveryPropertyOntoTheOptions() {
        runner.withUserConfiguration(CounterStateMachine.class, UserNode.class).withPropertyValues(
                "raft.node-id=alpha", "raft.host=localhost", "raft.port=7600", "raft.advertise=node-a:7600",
                "raft.data-dir=" + temp.resolve("x"), "raft.peers=alpha@localhost:7600,beta@localhost:7601",
                "raft.durability=medium", "raft.consistency=low", "raft.redirect=proxy", "raft.election-timeout=2s",
                "raft.heartbeat-interval=200ms", "raft.request-timeout=7s", "raft.join-timeout=30s",
                "raft.shutdown-timeout=1s", "raft.log-store=mapdb", "raft.snapshot.threshold=100",
                "raft.snapshot.log-size-ratio=2.5", "raft.snapshot.max-log-bytes=64MB", "raft.snapshot.interval=30s",
                "raft.snapshot.trailing-entries=50", "raft.snapshot.retain=3", "raft.max-append-bytes=2MB",
                "raft.password=pw", "raft.cluster-secret=s3cret", "raft.insecure-peers=true",
                "raft.limits.max-bulk-length=1MB", "raft.limits.max-arguments=1000", "raft.limits.max-inline-length=4KB",
                "raft.limits.max-clients=10", "raft.limits.client-output-buffer=8MB", "raft.limits.idle-timeout=90s",
                "raft.force-new-cluster=true", "raft.halt-on-fatal=true").run(context -> {
                    RaftOptions options = context.getBean(RaftOptions.class);
                    assertThat(options.nodeId()).contains("alpha");
                    assertThat(options.host()).isEqualTo("localhost");
                    assertThat(options.port()).isEqualTo(7600);
                    assertThat(options.advertise()).contains("node-a:7600");
                    assertThat(options.dataDir()).contains(temp.resolve("x"));
                    assertThat(options.peers()).extracting(RaftOptions.Peer::id).containsExactly("alpha", "beta");
                    assertThat(options.durability()).isEqualTo(Durability.MEDIUM);
                    assertThat(options.consistency()).isEqualTo(Consistency.LOW);
                    assertThat(options.redirect()).isEqualTo(Redirect.PROXY);
                    assertThat(options.electionTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
                    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(options.joinTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(options.logStore()).isEqualTo(LogStoreType.MAPDB);
                    assertThat(options.snapshotThreshold()).isEqualTo(100);
                    assertThat(options.snapshotLogSizeRatio()).isEqualTo(2.5);
                    assertThat(options.snapshotMaxLogBytes()).isEqualTo(64L << 20);
                    assertThat(options.snapshotInterval()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(options.snapshotTrailingEntries()).isEqualTo(50);
                    assertThat(options.snapshotRetain()).isEqualTo(3);
                    assertThat(options.maxAppendBytes()).isEqualTo(2L << 20);
                    assertThat(options.password()).contains("pw");
                    assertThat(options.clusterSecret()).contains("s3cret");
                    assertThat(options.insecurePeers()).isTrue();
                    assertThat(options.limits()).isEqualTo(
                            new ClientLimits(1L << 20, 1000, 4 << 10, 10, 8L << 20, Duration.ofSeconds(90)));
                    assertThat(options.forceNewCluster()).isTrue();
                    assertThat(options.haltOnFatal()).isTrue();
                });
    }

    @Test
    void defaultsAreThoseOfTheContract() {
        runner.withUserConfiguration(CounterStateMachine.class, UserNode.class).run(context -> {
            RaftOptions options = context.getBean(RaftOptions.class);
            assertThat(options.nodeId()).isEmpty();
            assertThat(options.host()).isEqualTo("127.0.0.1");
            assertThat(options.port()).isEqualTo(7481);
            assertThat(options.durability()).isEqualTo(Durability.HIGH);
            assertThat(options.consistency()).isEqualTo(Consistency.HIGH);
            assertThat(options.redirect()).isEqualTo(Redirect.TRY);
            assertThat(options.electionTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofMillis(100));
            assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(options.joinTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(options.logStore()).isEqualTo(LogStoreType.SEGMENTED);
            assertThat(options.snapshotThreshold()).isEqualTo(8192);
            assertThat(options.snapshotLogSizeRatio()).isEqualTo(1.0);
            assertThat(options.snapshotMaxLogBytes()).isEqualTo(256L << 20);
            assertThat(options.snapshotInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(options.snapshotTrailingEntries()).isEqualTo(10240);
            assertThat(options.snapshotRetain()).isEqualTo(2);
            assertThat(options.maxAppendBytes()).isEqualTo(1L << 20);
            assertThat(options.limits()).isEqualTo(ClientLimits.DEFAULTS);
            assertThat(options.forceNewCluster()).isFalse();
            assertThat(options.haltOnFatal()).isFalse();
            assertThat(options.restoreFrom()).isEmpty();
        });
    }

    @Test
    void snapshotPolicyValuesThatMakeNoPolicyFailStartUpNamingTheProperty() {
        for (String bad : List.of("raft.snapshot.log-size-ratio=-1", "raft.snapshot.max-log-bytes=0B",
                "raft.snapshot.interval=0s", "raft.snapshot.threshold=0")) {
            String property = bad.substring(0, bad.indexOf('='));
            runner.withUserConfiguration(CounterStateMachine.class, UserNode.class).withPropertyValues(bad)
                    .run(context -> {
                        assertThat(context).hasFailed();
                        InvalidRaftPropertiesException invalid = null;
                        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                            if (t instanceof InvalidRaftPropertiesException e) {
                                invalid = e;
                            }
                        }
                        assertThat(invalid).as(bad).isNotNull();
                        assertThat(invalid.getMessage()).as(bad).startsWith(property + " must");
                    });
        }
    }

    @Test
    void customizersAdjustTheOptions() {
        runner.withUserConfiguration(CounterStateMachine.class, UserNode.class, Customizer.class).run(context ->
                assertThat(context.getBean(RaftOptions.class).snapshotRetain()).isEqualTo(7));
    }

    @Test
    void backsOffForUserOptions() {
        runner.withUserConfiguration(CounterStateMachine.class, UserNode.class, UserOptions.class).run(context -> {
            assertThat(context).hasSingleBean(RaftOptions.class);
            assertThat(context.getBean(RaftOptions.class).snapshotRetain()).isEqualTo(9);
        });
    }

    @Test
    void backsOffForAUserNode() {
        runner.withUserConfiguration(CounterStateMachine.class, UserNode.class).run(context -> {
            assertThat(context).hasSingleBean(RaftNode.class);
            assertThat(context).doesNotHaveBean(ManagedRaftNode.class);
            assertThat(context.getBean(RaftNode.class)).isInstanceOf(FakeRaftNode.class);
        });
    }

    @Test
    void backsOffForAUserStateMachine() {
        runner.withUserConfiguration(UserNode.class, UserStateMachine.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(StateMachine.class);
            assertThat(context.getBean(StateMachine.class)).isNotInstanceOf(AnnotatedStateMachine.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserNode {
        @Bean
        FakeRaftNode userRaftNode() {
            return new FakeRaftNode();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserOptions {
        @Bean
        RaftOptions userRaftOptions() {
            return RaftOptions.builder().snapshotRetain(9).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStateMachine {
        @Bean
        StateMachine userStateMachine() {
            return new StateMachine() {
                @Override
                public List<io.raftboot.api.CommandSpec> commands() {
                    return List.of(io.raftboot.api.CommandSpec.read("PINGME", 1, command -> "pong"));
                }

                @Override
                public io.raftboot.api.SnapshotWriter snapshot() {
                    return out -> {
                    };
                }

                @Override
                public void restore(java.io.InputStream in) {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizer {
        @Bean
        RaftOptionsCustomizer retainSeven() {
            return builder -> builder.snapshotRetain(7);
        }
    }

    static class EventRecorder {
        final List<RaftRoleChangedEvent> roles = new CopyOnWriteArrayList<>();
        final List<RaftLeaderChangedEvent> leaders = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<RaftRoleChangedEvent> roleRecorder() {
            return roles::add;
        }

        @Bean
        ApplicationListener<RaftLeaderChangedEvent> leaderRecorder() {
            return leaders::add;
        }
    }
}
