package io.raftboot.spring.boot.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.Status;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachineFactory;

/**
 * What the annotation model costs per command on the apply thread: an annotated handler (argument
 * binding, method handle, reply adaptation) against the same handler written by hand on the
 * plain-Java API. Run: {@code java -cp <test classpath> org.openjdk.jmh.Main HandlerInvocationBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HandlerInvocationBenchmark {

    private static final CommandContext CONTEXT = new CommandContext(1, 1, 0, 0, true);

    private final Applier applier = Applier.immediate();
    private final Command set = Command.of("SET", "key:1", "x".repeat(64));
    private final Command incrBy = Command.of("INCRBY", "counter", "5");
    private CommandSpec annotatedSet;
    private CommandSpec annotatedIncrBy;
    private CommandSpec manualSet;
    private CommandSpec manualIncrBy;

    @Setup
    public void setUp() {
        List<CommandSpec> annotated = AnnotatedStateMachineFactory.create(new Store()).commands();
        annotatedSet = find(annotated, "SET");
        annotatedIncrBy = find(annotated, "INCRBY");
        Map<String, byte[]> values = new HashMap<>();
        Map<String, Long> counters = new HashMap<>();
        manualSet = CommandSpec.write("SET", 3, (command, context) -> {
            values.put(command.string(1), command.arg(2));
            return Status.OK;
        });
        manualIncrBy = CommandSpec.write("INCRBY", 3,
                (command, context) -> counters.merge(command.string(1), command.longArg(2), Long::sum));
    }

    @Benchmark
    public Object annotatedSet() {
        return annotatedSet.handler().handle(set, CONTEXT, applier);
    }

    @Benchmark
    public Object manualSet() {
        return manualSet.handler().handle(set, CONTEXT, applier);
    }

    @Benchmark
    public Object annotatedIncrBy() {
        return annotatedIncrBy.handler().handle(incrBy, CONTEXT, applier);
    }

    @Benchmark
    public Object manualIncrBy() {
        return manualIncrBy.handler().handle(incrBy, CONTEXT, applier);
    }

    private static CommandSpec find(List<CommandSpec> commands, String name) {
        return commands.stream().filter(spec -> spec.name().equals(name)).findFirst().orElseThrow();
    }

    @RaftStateMachine
    public static class Store {
        private final Map<String, byte[]> values = new HashMap<>();
        private final Map<String, Long> counters = new HashMap<>();

        @WriteCommand("SET")
        public void set(String key, byte[] value) {
            values.put(key, value);
        }

        @WriteCommand("INCRBY")
        public long incrBy(String key, long delta) {
            return counters.merge(key, delta, Long::sum);
        }

        @ReadCommand("GET")
        public byte[] get(String key) {
            return values.get(key);
        }

        @Snapshot
        public SnapshotWriter snapshot() {
            return out -> out.write("unused".getBytes(StandardCharsets.UTF_8));
        }

        @Restore
        public void restore(java.io.InputStream in) {
        }
    }
}
