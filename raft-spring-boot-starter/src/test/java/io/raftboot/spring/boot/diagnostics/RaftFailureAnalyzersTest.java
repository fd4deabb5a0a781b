package io.raftboot.spring.boot.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;
import io.raftboot.spring.boot.support.CounterStateMachine;

/** Each common start-up mistake fails the context with an explanation a user can act on. */
class RaftFailureAnalyzersTest {

    private static final List<FailureAnalyzer> RAFT_ANALYZERS = List.of(new NoRaftStateMachineFailureAnalyzer(),
            new MultipleRaftStateMachinesFailureAnalyzer(), new DuplicateRaftCommandFailureAnalyzer(),
            new InvalidRaftHandlerFailureAnalyzer(), new RaftDataDirectoryFailureAnalyzer(),
            new RaftPortInUseFailureAnalyzer(), new InvalidRaftPropertiesFailureAnalyzer());

    @TempDir
    Path temp;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class))
                .withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.data-dir=" + temp.resolve("data"));
    }

    @Test
    void everyAnalyzerIsRegistered() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver
                        .of(BeanFactory.class, new DefaultListableBeanFactory())
                        .and(Environment.class, new StandardEnvironment()),
                        // analyzers of optional libraries absent here fail to load; they are not ours
                        (factoryType, factoryImplementationName, failure) -> {
                        });
        assertThat(analyzers).hasAtLeastOneElementOfType(NoRaftStateMachineFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(MultipleRaftStateMachinesFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(DuplicateRaftCommandFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(InvalidRaftHandlerFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(RaftDataDirectoryFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(RaftPortInUseFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(InvalidRaftPropertiesFailureAnalyzer.class);
    }

    @Test
    void noStateMachine() {
        FailureAnalysis analysis = analyze(runner());
        assertThat(analysis.getDescription()).contains("no bean is annotated with @RaftStateMachine");
        assertThat(analysis.getAction()).contains("Annotate the class that holds your replicated state")
                .contains("raft.enabled=false");
    }

    @Test
    void twoStateMachines() {
        FailureAnalysis analysis = analyze(runner().withUserConfiguration(CounterStateMachine.class, Second.class));
        assertThat(analysis.getDescription()).contains("2 beans are annotated with @RaftStateMachine")
                .contains("counterStateMachine").contains("second");
        assertThat(analysis.getAction()).contains("Merge them into one @RaftStateMachine bean");
    }

    @Test
    void twoHandlersForOneCommand() {
        FailureAnalysis analysis = analyze(runner().withUserConfiguration(Duplicate.class));
        assertThat(analysis.getDescription())
                .isEqualTo("Command 'PUT' is handled by two methods: Duplicate.put(String) and Duplicate.putAgain(String)."
                        + " Command names are case-insensitive.");
        assertThat(analysis.getAction()).contains("its own command name");
    }

    @Test
    void aHandlerSignatureThatCannotBind() {
        FailureAnalysis analysis = analyze(runner().withUserConfiguration(Unbindable.class));
        assertThat(analysis.getDescription()).startsWith("The @RaftStateMachine handler Unbindable.put(Thread) cannot be used:")
                .contains("parameter 1 has type java.lang.Thread");
        assertThat(analysis.getAction()).contains("command parameters bind by position");
    }

    @Test
    void anUnusableDataDirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
        FailureAnalysis analysis = analyze(runner().withUserConfiguration(CounterStateMachine.class)
                .withPropertyValues("raft.data-dir=" + file));
        assertThat(analysis.getDescription()).startsWith("The Raft data directory " + file.toAbsolutePath())
                .contains("cannot be created");
        assertThat(analysis.getAction()).contains("raft.data-dir");
    }

    @Test
    void aDataDirectoryLockedByAnotherNode() {
        runner().withUserConfiguration(CounterStateMachine.class).run(first -> {
            assertThat(first).hasNotFailed();
            FailureAnalysis analysis = analyze(runner().withUserConfiguration(CounterStateMachine.class));
            assertThat(analysis.getDescription()).startsWith("The Raft data directory ")
                    .contains("is in use by another node");
            assertThat(analysis.getAction()).contains("that no other running node uses");
        });
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            FailureAnalysis analysis = analyze(runner().withUserConfiguration(CounterStateMachine.class)
                    .withPropertyValues("raft.port=" + taken.getLocalPort()));
            assertThat(analysis.getDescription()).isEqualTo("The Raft node could not listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": the port is already in use.");
            assertThat(analysis.getAction()).contains("set raft.port to another port");
        }
    }

    @Test
    void propertiesThatDoNotFitTogetherNameTheProperty() {
        FailureAnalysis analysis = analyze(runner().withUserConfiguration(CounterStateMachine.class)
                .withPropertyValues("raft.election-timeout=1s", "raft.heartbeat-interval=2s"));
        assertThat(analysis.getDescription()).startsWith("Invalid Raft configuration: "
                + "raft.heartbeat-interval must be below raft.election-timeout");
        assertThat(analysis.getAction()).contains("raft.* properties");
    }

    @Test
    void aBadNodeIdNamesTheProperty() {
        FailureAnalysis analysis = analyze(runner().withUserConfiguration(CounterStateMachine.class)
                .withPropertyValues("raft.node-id=no spaces please"));
        assertThat(analysis.getDescription()).contains("raft.node-id 'no spaces please'");
    }

    @Test
    void aValueThatDoesNotBindNamesTheProperty() {
        runner().withUserConfiguration(CounterStateMachine.class).withPropertyValues("raft.durability=forever")
                .run(context -> {
                    assertThat(context).hasFailed();
                    BindException bindFailure = null;
                    for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                        if (cause instanceof BindException bind) {
                            bindFailure = bind;
                        }
                    }
                    assertThat(bindFailure).isNotNull();
                    assertThat(bindFailure.getName().toString()).isEqualTo("raft.durability");
                    assertThat(bindFailure).rootCause().hasMessageContaining("forever");
                });
    }

    private static FailureAnalysis analyze(ApplicationContextRunner runner) {
        FailureAnalysis[] result = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            for (FailureAnalyzer analyzer : RAFT_ANALYZERS) {
                FailureAnalysis analysis = analyzer.analyze(failure);
                if (analysis != null) {
                    result[0] = analysis;
                    return;
                }
            }
            throw new AssertionError("no raft failure analyzer explains " + failure, failure);
        });
        return result[0];
    }

    abstract static class Snapshots {
        @Snapshot
        SnapshotWriter snapshot() {
            return out -> {
            };
        }

        @Restore
        void restore(InputStream in) {
        }
    }

    @RaftStateMachine("second")
    static class Second extends Snapshots {
        @WriteCommand("SET")
        void set(String value) {
        }
    }

    @RaftStateMachine
    static class Duplicate extends Snapshots {
        @WriteCommand("PUT")
        void put(String value) {
        }

        @WriteCommand("put")
        void putAgain(String value) {
        }
    }

    @RaftStateMachine
    static class Unbindable extends Snapshots {
        @WriteCommand("PUT")
        void put(Thread thread) {
        }
    }
}
