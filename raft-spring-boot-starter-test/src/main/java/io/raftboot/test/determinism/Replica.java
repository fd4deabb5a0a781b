package io.raftboot.test.determinism;

import io.raftboot.api.Applier;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.StateMachine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One state machine driven as a member's apply thread drives it, without a cluster: each entry's
 * handler runs at once with the entry's context, on the member that received the command (so the
 * reply is built). Also a way to unit-test handlers directly.
 */
public final class Replica {
    private final StateMachine stateMachine;
    private final Map<String, CommandSpec> commands = new HashMap<>();

    public Replica(StateMachine stateMachine) {
        this.stateMachine = stateMachine;
        for (CommandSpec spec : stateMachine.commands()) {
            commands.put(spec.lowerName(), spec);
        }
    }

    /**
     * Runs the entry's command (a write or a read) and returns its reply as text: {@code byte[]} as
     * UTF-8, arrays listed, an exception as {@code error <message>} (a handler's exception is its reply).
     */
    public String apply(LoggedCommand entry) {
        CommandSpec spec = commands.get(entry.command().name().toLowerCase(Locale.ROOT));
        if (spec == null) {
            throw new AssertionError("log entry " + entry + ": the state machine has no command " + entry.command().name());
        }
        try {
            return String.valueOf(render(spec.handler().handle(entry.command(), entry.context(), DIRECT)));
        } catch (RuntimeException e) {
            return "error " + e.getMessage();
        }
    }

    /** The state machine's snapshot now, as bytes. */
    public byte[] snapshot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            stateMachine.snapshot().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot failed", e);
        }
        return out.toByteArray();
    }

    private static Object render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return reply;
    }

    /** The apply thread's applier on the member that received the command: mutate, then build the reply. */
    private static final Applier DIRECT = new Applier() {
        @Override
        public <T> Object write(Supplier<T> mutate, Function<? super T, ?> respond) {
            return respond.apply(mutate.get());
        }

        @Override
        public <T> Object read(Supplier<T> read, Function<? super T, ?> respond) {
            return respond.apply(read.get());
        }
    };
}
