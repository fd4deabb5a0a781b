package io.raftboot.spring.boot.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandException;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;

/** The state machine shown in README.md ("Using the starter") binds and behaves as the README says. */
class ReadmeExampleTest {

    private static final CommandContext CONTEXT = new CommandContext(5, 1, 1_700_000_000_000L, 7, true);

    /** Kept identical to README.md's example. */
    @RaftStateMachine
    public static class Counters {
        private final Map<String, Long> counters = new HashMap<>();

        @WriteCommand("INCRBY")
        public long incrBy(String key, long delta) {
            return counters.merge(key, delta, Long::sum);
        }

        @ReadCommand("GET")
        public String get(String key) {
            Long value = counters.get(key);
            return value == null ? null : value.toString();
        }

        @Snapshot
        public SnapshotWriter snapshot() {
            Map<String, Long> view = new TreeMap<>(counters);
            return out -> {
                DataOutputStream data = new DataOutputStream(out);
                data.writeInt(view.size());
                for (Map.Entry<String, Long> e : view.entrySet()) {
                    data.writeUTF(e.getKey());
                    data.writeLong(e.getValue());
                }
                data.flush();
            };
        }

        @Restore
        public void restore(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            counters.clear();
            for (int n = data.readInt(); n > 0; n--) {
                counters.put(data.readUTF(), data.readLong());
            }
        }
    }

    private final Counters counters = new Counters();
    private final AnnotatedStateMachine stateMachine = AnnotatedStateMachineFactory.create(counters);

    @Test
    void commandsBindWithTheArityTheSignatureImplies() {
        assertThat(spec("INCRBY").arity()).isEqualTo(3);
        assertThat(spec("GET").arity()).isEqualTo(2);
        assertThat(call("INCRBY", "hits", "5")).isEqualTo(5L);
        assertThat(call("INCRBY", "hits", "-2")).isEqualTo(3L);
        assertThat(call("GET", "hits")).isEqualTo("3");
        assertThat(call("GET", "misses")).isNull();
    }

    @Test
    void aNonNumericDeltaIsRefusedBeforeAnythingIsLogged() {
        assertThatThrownBy(() -> spec("INCRBY").validator().validate(Command.of("INCRBY", "hits", "five")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("not an integer");
        assertThat(counters.counters).isEmpty();
    }

    @Test
    void snapshotIsAPointInTimeViewAndRestoreReplacesTheState() throws IOException {
        call("INCRBY", "a", "1");
        SnapshotWriter writer = stateMachine.snapshot();
        call("INCRBY", "b", "2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out);
        stateMachine.restore(new ByteArrayInputStream(out.toByteArray()));
        assertThat(counters.counters).containsExactly(Map.entry("a", 1L));
    }

    private Object call(String name, String... arguments) {
        String[] all = new String[arguments.length + 1];
        all[0] = name;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return spec(name).handler().handle(Command.of(all), CONTEXT, Applier.immediate());
    }

    private CommandSpec spec(String name) {
        return stateMachine.commands().stream().filter(spec -> spec.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no command " + name));
    }
}
