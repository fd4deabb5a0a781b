package io.raftboot.spring.boot.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandException;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.Status;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;

/** Argument binding, arity, validation and reply encoding of annotated handlers. */
class HandlerBindingTest {

    private static final CommandContext CONTEXT = new CommandContext(17, 3, 1_700_000_000_000L, 99, true);

    private final Handlers handlers = new Handlers();
    private final AnnotatedStateMachine stateMachine = AnnotatedStateMachineFactory.create(handlers);

    @Test
    void bindsEveryScalarParameterTypeByPosition() {
        Object reply = call("SCALARS", "k", "bin", "-42", "7", "2.5", "true", "9", "8", "1.5", "no");
        assertThat(reply).isEqualTo("k|bin|-42|7|2.5|true|9|8|1.5|false");
        assertThat(spec("SCALARS").arity()).isEqualTo(11);
    }

    @Test
    void trailingParametersTakeTheRemainingArguments() {
        assertThat(call("STRINGS", "a", "b", "c")).isEqualTo("a:[b, c]");
        assertThat(call("STRINGS", "a")).isEqualTo("a:[]");
        assertThat(call("BYTES", "x", "yz")).isEqualTo(List.of(1, 2));
        assertThat(call("STRINGLIST", "p", "q")).isEqualTo(List.of("q", "p"));
        assertThat(call("BYTELIST", "abc", "de")).isEqualTo(5L);
        assertThat(spec("STRINGS").arity()).isEqualTo(-2);
        assertThat(spec("BYTES").arity()).isEqualTo(-1);
        assertThat(spec("STRINGLIST").arity()).isEqualTo(-1);
    }

    @Test
    void contextAndCommandBindAnywhereWithoutTakingAnArgument() {
        assertThat(call("CONTEXT", "v")).isEqualTo("17/3/1700000000000/99/v");
        assertThat(spec("CONTEXT").arity()).isEqualTo(2);
        assertThat(call("RAW", "a", "b")).isEqualTo("raw a b|[b]");
        assertThat(spec("RAW").arity()).isEqualTo(-2);
    }

    @Test
    void nameDefaultsToTheMethodNameAndMatchesCaseInsensitively() {
        assertThat(spec("incrementCounter")).isNotNull();
        assertThat(call("INCREMENTCOUNTER")).isEqualTo(1L);
        assertThat(call("incrementcounter")).isEqualTo(2L);
    }

    @Test
    void annotationAttributesReachTheCommandSpec() {
        CommandSpec write = spec("SCALARS");
        assertThat(write.kind()).isEqualTo(CommandKind.WRITE);
        assertThat(write.flags()).containsExactly("denyoom");
        CommandSpec read = spec("CONCURRENTGET");
        assertThat(read.kind()).isEqualTo(CommandKind.READ);
        assertThat(read.concurrentRead()).isTrue();
        assertThat(read.flags()).containsExactly("fast");
        assertThat(spec("GET").concurrentRead()).isFalse();
        CommandSpec keyless = spec("INCREMENTCOUNTER");
        assertThat(keyless.firstKey()).isZero();
        CommandSpec multiKey = spec("STRINGS");
        assertThat(multiKey.firstKey()).isEqualTo(1);
        assertThat(multiKey.lastKey()).isEqualTo(-1);
        assertThat(multiKey.keyStep()).isEqualTo(1);
    }

    @Test
    void conversionErrorsAreAnsweredByTheValidatorWithoutRunningTheHandler() {
        CommandSpec scalars = spec("SCALARS");
        assertThatThrownBy(() -> scalars.validator().validate(command("SCALARS", "k", "b", "x1", "7", "2.5", "1", "9", "8", "1", "0")))
                .isInstanceOf(CommandException.class).hasMessage("value is not an integer or out of range");
        assertThatThrownBy(() -> scalars.validator().validate(command("SCALARS", "k", "b", "1", "2147483648", "2.5", "1", "9", "8", "1", "0")))
                .isInstanceOf(CommandException.class).hasMessage("value is not an integer or out of range");
        assertThatThrownBy(() -> scalars.validator().validate(command("SCALARS", "k", "b", "1", "2", "abc", "1", "9", "8", "1", "0")))
                .isInstanceOf(CommandException.class).hasMessage("value is not a valid float");
        assertThatThrownBy(() -> scalars.validator().validate(command("SCALARS", "k", "b", "1", "2", "2.5", "maybe", "9", "8", "1", "0")))
                .isInstanceOf(CommandException.class).hasMessage("value is not a valid boolean");
        scalars.validator().validate(command("SCALARS", "k", "b", "1", "2", "2.5", "1", "9", "8", "1", "0"));
        assertThat(handlers.scalarCalls).isZero();
    }

    @Test
    void commandsWithOnlyTextArgumentsNeedNoValidation() {
        assertThat(spec("STRINGS").validator()).isSameAs(io.raftboot.api.Validator.NONE);
    }

    @Test
    void returnValuesBecomeRedisReplies() {
        assertThat(call("VOIDCMD")).isEqualTo(Status.OK);
        assertThat(call("NULLCMD")).isNull();
        assertThat(call("BYTESCMD")).isEqualTo("raw".getBytes(StandardCharsets.UTF_8));
        assertThat(call("INTCMD")).isEqualTo(5);
        assertThat(call("BOOLCMD", "1")).isEqualTo(1L);
        assertThat(call("BOOLCMD", "0")).isEqualTo(0L);
        assertThat(call("DOUBLECMD", "10.5")).isEqualTo("10.5");
        assertThat(call("DOUBLECMD", "3")).isEqualTo("3");
        assertThat(call("DOUBLECMD", "1e20")).isEqualTo("100000000000000000000");
        assertThat(call("DOUBLECMD", "-0.25")).isEqualTo("-0.25");
        assertThat(call("SETCMD")).isEqualTo(List.of("a", "b"));
        assertThat(call("ARRAYCMD")).isEqualTo(List.of(1L, 2L));
        assertThat(call("MAPCMD")).isEqualTo(List.of("one", 1, "two", List.of("x", 1L)));
        assertThat(call("OPTIONALCMD", "yes")).isEqualTo("present");
        assertThat(call("OPTIONALCMD", "no")).isNull();
        assertThat(call("ENUMCMD")).isEqualTo("WRITE");
        assertThat(call("STATUSCMD")).isEqualTo(new Status("QUEUED"));
        assertThat(call("OBJECTCMD")).isEqualTo(List.of("1.5", 1L, "0"));
    }

    @Test
    void redisSpellingOfSpecialDoubles() {
        assertThat(ReplyValues.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(ReplyValues.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(ReplyValues.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(ReplyValues.normalize(new BigDecimal("2.500"))).isEqualTo("2.5");
    }

    @Test
    void runtimeExceptionsAndErrorsPassThroughUnchanged() {
        assertThatThrownBy(() -> call("FAIL", "runtime"))
                .isSameAs(handlers.runtimeFailure);
        assertThatThrownBy(() -> call("FAIL", "error"))
                .isSameAs(handlers.errorFailure);
    }

    @Test
    void aCheckedExceptionBecomesAnErrorReply() {
        assertThatThrownBy(() -> call("FAIL", "checked"))
                .isInstanceOf(CommandException.class).hasMessage("disk on fire");
    }

    @Test
    void readsRunThroughTheApplierRead() {
        call("SET", "k", "v");
        RecordingApplier applier = new RecordingApplier();
        Object reply = spec("GET").handler().handle(command("GET", "k"), CONTEXT, applier);
        assertThat(reply).isEqualTo("v");
        assertThat(applier.calls).containsExactly("read");
        spec("SET").handler().handle(command("SET", "k", "w"), CONTEXT, applier);
        assertThat(applier.calls).containsExactly("read", "write");
    }

    @Test
    void snapshotAndRestoreRoundTrip() throws IOException {
        call("SET", "a", "1");
        call("SET", "b", "2");
        SnapshotWriter writer = stateMachine.snapshot();
        call("SET", "c", "3");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out);
        stateMachine.restore(new ByteArrayInputStream(out.toByteArray()));
        assertThat(handlers.data).containsOnlyKeys("a", "b");
    }

    @Test
    void byteArraySnapshotAndRestoreAreAccepted() throws IOException {
        BytesState state = new BytesState();
        AnnotatedStateMachine machine = AnnotatedStateMachineFactory.create(state);
        state.value = "before";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        machine.snapshot().writeTo(out);
        state.value = "after";
        machine.restore(new ByteArrayInputStream(out.toByteArray()));
        assertThat(state.value).isEqualTo("before");
    }

    @Test
    void theBeanIsReachable() {
        assertThat(stateMachine.getBean()).isSameAs(handlers);
        assertThat(stateMachine.commands()).extracting(CommandSpec::name)
                .contains("SCALARS", "incrementCounter", "GET", "SET");
    }

    private Object call(String name, String... arguments) {
        return spec(name).handler().handle(command(name, arguments), CONTEXT, Applier.immediate());
    }

    private CommandSpec spec(String name) {
        return stateMachine.commands().stream().filter(spec -> spec.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no command " + name));
    }

    private static Command command(String name, String... arguments) {
        String[] all = new String[arguments.length + 1];
        all[0] = name;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return Command.of(all);
    }

    private static final class RecordingApplier implements Applier {
        private final List<String> calls = new ArrayList<>();

        @Override
        public <T> Object write(Supplier<T> mutate, Function<? super T, ?> respond) {
            calls.add("write");
            return Applier.immediate().write(mutate, respond);
        }

        @Override
        public <T> Object read(Supplier<T> read, Function<? super T, ?> respond) {
            calls.add("read");
            return Applier.immediate().read(read, respond);
        }
    }

    @RaftStateMachine
    static class Handlers {
        final Map<String, String> data = new LinkedHashMap<>();
        final RuntimeException runtimeFailure = new CommandException("WRONGTYPE wrong kind of value");
        final Error errorFailure = new AssertionError("broken invariant");
        int scalarCalls;
        long counter;

        @WriteCommand(value = "SCALARS", flags = "denyoom")
        String scalars(String key, byte[] bin, long l, int i, double d, boolean b, Long bl, Integer bi, Double bd,
                       Boolean bb) {
            scalarCalls++;
            return key + "|" + new String(bin, StandardCharsets.UTF_8) + "|" + l + "|" + i + "|" + d + "|" + b + "|" + bl
                    + "|" + bi + "|" + bd + "|" + bb;
        }

        @WriteCommand(value = "STRINGS", lastKey = -1)
        String strings(String first, String... rest) {
            return first + ":" + List.of(rest);
        }

        @WriteCommand("BYTES")
        List<Integer> bytes(byte[]... all) {
            List<Integer> lengths = new ArrayList<>();
            for (byte[] one : all) {
                lengths.add(one.length);
            }
            return lengths;
        }

        @ReadCommand("STRINGLIST")
        List<String> stringList(List<String> all) {
            List<String> reversed = new ArrayList<>(all);
            java.util.Collections.reverse(reversed);
            return reversed;
        }

        @ReadCommand("BYTELIST")
        long byteList(List<byte[]> all) {
            return all.stream().mapToLong(bytes -> bytes.length).sum();
        }

        @WriteCommand("CONTEXT")
        String context(CommandContext context, String value) {
            return context.index() + "/" + context.term() + "/" + context.timestampMillis() + "/" + context.randomSeed()
                    + "/" + value;
        }

        @ReadCommand("RAW")
        String raw(String first, Command command, List<String> rest) {
            return "raw " + command.string(1) + " " + command.string(2) + "|" + rest;
        }

        @WriteCommand(firstKey = 0)
        long incrementCounter() {
            return ++counter;
        }

        @WriteCommand("SET")
        void set(String key, String value) {
            data.put(key, value);
        }

        @ReadCommand("GET")
        String get(String key) {
            return data.get(key);
        }

        @ReadCommand(value = "CONCURRENTGET", concurrent = true, flags = "fast")
        String concurrentGet(String key) {
            return key;
        }

        @WriteCommand("VOIDCMD")
        void voidCommand() {
        }

        @ReadCommand("NULLCMD")
        String nullCommand() {
            return null;
        }

        @ReadCommand("BYTESCMD")
        byte[] bytesCommand() {
            return "raw".getBytes(StandardCharsets.UTF_8);
        }

        @ReadCommand("INTCMD")
        int intCommand() {
            return 5;
        }

        @ReadCommand("BOOLCMD")
        boolean boolCommand(boolean value) {
            return value;
        }

        @ReadCommand("DOUBLECMD")
        double doubleCommand(double value) {
            return value;
        }

        @ReadCommand("SETCMD")
        java.util.Set<String> setCommand() {
            return new LinkedHashSet<>(List.of("a", "b"));
        }

        @ReadCommand("ARRAYCMD")
        long[] arrayCommand() {
            return new long[] {1, 2};
        }

        @ReadCommand("MAPCMD")
        Map<String, Object> mapCommand() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("one", 1);
            map.put("two", List.of("x", true));
            return map;
        }

        @ReadCommand("OPTIONALCMD")
        Optional<String> optionalCommand(boolean present) {
            return present ? Optional.of("present") : Optional.empty();
        }

        @ReadCommand("ENUMCMD")
        CommandKind enumCommand() {
            return CommandKind.WRITE;
        }

        @ReadCommand("STATUSCMD")
        Status statusCommand() {
            return new Status("QUEUED");
        }

        @ReadCommand("OBJECTCMD")
        Object objectCommand() {
            return new Object[] {1.5f, (short) 1, BigDecimal.ZERO};
        }

        @WriteCommand("FAIL")
        String fail(String how) throws IOException {
            switch (how) {
                case "runtime" -> throw runtimeFailure;
                case "error" -> throw errorFailure;
                default -> throw new IOException("disk on fire");
            }
        }

        @Snapshot
        SnapshotWriter snapshot() {
            Map<String, String> copy = new LinkedHashMap<>(data);
            return out -> {
                StringBuilder text = new StringBuilder();
                copy.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            };
        }

        @Restore
        void restore(InputStream in) throws IOException {
            data.clear();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    String[] pair = line.split("=", 2);
                    data.put(pair[0], pair[1]);
                }
            }
        }
    }

    @RaftStateMachine
    static class BytesState {
        String value = "";

        @WriteCommand("PUT")
        void put(String value) {
            this.value = value;
        }

        @Snapshot
        byte[] capture() {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Restore
        void load(byte[] bytes) {
            value = new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
