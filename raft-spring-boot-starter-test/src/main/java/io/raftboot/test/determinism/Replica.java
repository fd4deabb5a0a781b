package io.raftboot.test.determinism;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
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
        if (spec(entry.command().name()) == null) {
            throw new AssertionError("log entry " + entry + ": the state machine has no command " + entry.command().name());
        }
        try {
            return String.valueOf(text(execute(entry.command(), entry.context())));
        } catch (RuntimeException e) {
            return "error " + e.getMessage();
        }
    }

    /** The state machine's command of that name (any case), or null when it serves none. */
    public CommandSpec spec(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Runs a command the state machine serves with {@code context} and returns the handler's reply as
     * it built it; the handler's exception propagates. A write's reply is built on every replica
     * (not only where {@code context.local()}), so that replicas can be compared.
     */
    public Object execute(Command command, CommandContext context) {
        CommandSpec spec = spec(command.name());
        if (spec == null) {
            throw new IllegalArgumentException("the state machine has no command " + command.name());
        }
        return spec.handler().handle(command, context, Applier.immediate());
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

    /** A reply as text: {@code byte[]} as UTF-8, arrays listed, null stays null. */
    public static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return reply == null ? null : reply.toString();
    }

}
