package io.raftboot.spring.boot.statemachine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;

/** Every way a @RaftStateMachine bean can be wrong is refused at start-up, naming the method. */
class HandlerDefinitionErrorsTest {

    @Test
    void aParameterTypeThatCannotBindIsRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new UnsupportedParameter()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("UnsupportedParameter.put(String, Map)")
                .hasMessageContaining("parameter 2 has type java.util.Map<java.lang.String, java.lang.String>")
                .hasMessageContaining("supported: byte[], String, long");
    }

    @Test
    void aListOfAnotherElementTypeIsRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new ListOfLongs()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("java.util.List<java.lang.Long>");
    }

    @Test
    void aParameterAfterTheRestIsRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new ParameterAfterRest()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("ParameterAfterRest.put(String[], String)")
                .hasMessageContaining("follows the parameter that takes the remaining arguments");
    }

    @Test
    void twoHandlersForOneNameAreRefusedWhateverTheCase() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new DuplicateNames()))
                .isInstanceOfSatisfying(DuplicateRaftCommandException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.getCommandName()).isEqualTo("SET");
                    org.assertj.core.api.Assertions.assertThat(e.getFirstHandler()).isEqualTo("DuplicateNames.a(String)");
                    org.assertj.core.api.Assertions.assertThat(e.getSecondHandler()).isEqualTo("DuplicateNames.b(String)");
                });
    }

    @Test
    void aMethodWithTwoRolesIsRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new TwoRoles()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("TwoRoles.both(String)")
                .hasMessageContaining("more than one of @WriteCommand, @ReadCommand");
    }

    @Test
    void staticHandlersAreRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new StaticHandler()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("is static");
    }

    @Test
    void aStateMachineWithoutCommandsIsRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new NoCommands()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("NoCommands: declares no @WriteCommand or @ReadCommand method");
    }

    @Test
    void snapshotAndRestoreAreRequired() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new NoSnapshot()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("needs a @Snapshot method and a @Restore method")
                .hasMessageContaining("missing: both");
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new OnlySnapshot()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("missing: @Restore");
    }

    @Test
    void snapshotAndRestoreSignaturesAreChecked() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new SnapshotWithParameter()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("a @Snapshot method takes no parameters");
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new SnapshotReturningString()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("returns a SnapshotWriter (or byte[]), not String");
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new RestoreWithoutStream()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("a @Restore method takes exactly one InputStream (or byte[]) parameter");
    }

    @Test
    void aBadCommandNameIsRefused() {
        assertThatThrownBy(() -> AnnotatedStateMachineFactory.create(new BadName()))
                .isInstanceOf(InvalidRaftHandlerException.class)
                .hasMessageContaining("BadName.put(String)")
                .hasMessageContaining("printable ASCII without spaces");
    }

    /** Gives each fixture valid snapshot and restore methods so that only the tested fault remains. */
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

    static class UnsupportedParameter extends Snapshots {
        @WriteCommand("PUT")
        void put(String key, Map<String, String> values) {
        }
    }

    static class ListOfLongs extends Snapshots {
        @WriteCommand("PUT")
        void put(List<Long> values) {
        }
    }

    static class ParameterAfterRest extends Snapshots {
        @WriteCommand("PUT")
        void put(String[] rest, String last) {
        }
    }

    static class DuplicateNames extends Snapshots {
        @WriteCommand("SET")
        void a(String value) {
        }

        @ReadCommand("set")
        String b(String value) {
            return value;
        }
    }

    static class TwoRoles extends Snapshots {
        @WriteCommand("A")
        @ReadCommand("B")
        String both(String value) {
            return value;
        }
    }

    static class StaticHandler extends Snapshots {
        @WriteCommand("PUT")
        static void put(String value) {
        }
    }

    static class NoCommands extends Snapshots {
    }

    static class NoSnapshot {
        @WriteCommand("PUT")
        void put(String value) {
        }
    }

    static class OnlySnapshot {
        @WriteCommand("PUT")
        void put(String value) {
        }

        @Snapshot
        byte[] snapshot() {
            return new byte[0];
        }
    }

    static class SnapshotWithParameter {
        @WriteCommand("PUT")
        void put(String value) {
        }

        @Snapshot
        byte[] snapshot(String what) {
            return new byte[0];
        }

        @Restore
        void restore(byte[] bytes) {
        }
    }

    static class SnapshotReturningString {
        @WriteCommand("PUT")
        void put(String value) {
        }

        @Snapshot
        String snapshot() {
            return "";
        }

        @Restore
        void restore(byte[] bytes) {
        }
    }

    static class RestoreWithoutStream {
        @WriteCommand("PUT")
        void put(String value) {
        }

        @Snapshot
        byte[] snapshot() {
            return new byte[0];
        }

        @Restore
        void restore(String text) {
        }
    }

    static class BadName extends Snapshots {
        @WriteCommand("MY PUT")
        void put(String value) {
        }
    }
}
