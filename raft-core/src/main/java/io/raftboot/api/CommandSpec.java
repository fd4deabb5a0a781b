package io.raftboot.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One command a state machine serves.
 *
 * @param name           the command name; matched case-insensitively
 * @param arity          Redis-style: the exact argument count including the name, or, when negative,
 *                       at least {@code -arity} arguments
 * @param kind           write (logged, runs on every member) or read (local, after the consistency check)
 * @param flags          extra flags reported by {@code COMMAND} (e.g. {@code fast}); {@code write} or
 *                       {@code readonly} is added from the kind. A read flagged {@link #STALE} is
 *                       answered by the member that receives it, whatever {@code raft.consistency}
 *                       says: for replies that do not depend on the replicated state, such as
 *                       "not supported", which must never send a client to the leader first. A
 *                       command flagged {@link #ADMIN} is refused to users below role admin
 * @param firstKey       position of the first key argument for {@code COMMAND INFO}, 0 when none
 * @param lastKey        position of the last key, negative counts from the end (-1: the last argument)
 * @param keyStep        step between keys
 * @param concurrentRead a read whose handler may run on another thread concurrently with the apply
 *                       thread (its state must then be thread-safe); ignored for writes
 * @param validator      runs before anything is logged
 * @param handler        runs the command
 */
public record CommandSpec(String name, int arity, CommandKind kind, Set<String> flags, int firstKey,
                          int lastKey, int keyStep, boolean concurrentRead, Validator validator,
                          CommandHandler handler) {

    /** Redis's flag for commands a replica may answer from whatever state it has. */
    public static final String STALE = "stale";

    /**
     * Redis's flag (its {@code @admin}/{@code @dangerous} categories) for commands only users with
     * role {@link UserRole#ADMIN} may run, such as {@code FLUSHALL}: without it a write needs role
     * write and a read role read.
     */
    public static final String ADMIN = "admin";

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(handler, "handler");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        validator = validator == null ? Validator.NONE : validator;
        if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("command name must be printable ASCII without spaces: '" + name + "'");
        }
        if (arity == 0) {
            throw new IllegalArgumentException("arity of " + name + " must not be 0 (it counts the name itself)");
        }
        if (firstKey < 0 || keyStep < 0) {
            throw new IllegalArgumentException("key positions of " + name + " must not be negative");
        }
    }

    /** The name in lower case, as {@code COMMAND} reports it and the registry keys it. */
    public String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** True when {@code argCount} arguments (including the name) satisfy the arity. */
    public boolean acceptsArgumentCount(int argCount) {
        return arity > 0 ? argCount == arity : argCount >= -arity;
    }

    /** A write whose handler is a plain function of the command and its context. */
    public static CommandSpec write(String name, int arity, BiFunction<Command, CommandContext, Object> mutate) {
        Objects.requireNonNull(mutate, "mutate");
        return builder(name, arity, CommandKind.WRITE)
                .handler((command, context, applier) -> applier.write(() -> mutate.apply(command, context), r -> r))
                .build();
    }

    /** A read whose handler is a plain function of the command. */
    public static CommandSpec read(String name, int arity, Function<Command, Object> read) {
        Objects.requireNonNull(read, "read");
        return builder(name, arity, CommandKind.READ)
                .handler((command, context, applier) -> applier.read(() -> read.apply(command), r -> r))
                .build();
    }

    /** The role a user needs to run this command: admin when flagged {@link #ADMIN}, else by kind. */
    public UserRole requiredRole() {
        if (flags.contains(ADMIN)) {
            return UserRole.ADMIN;
        }
        return kind == CommandKind.WRITE ? UserRole.WRITE : UserRole.READ;
    }

    /** A read answered where it arrives, without the consistency check (flag {@link #STALE}). */
    public boolean answeredLocally() {
        return kind == CommandKind.READ && flags.contains(STALE);
    }

    public static Builder builder(String name, int arity, CommandKind kind) {
        return new Builder(name, arity, kind);
    }

    /** Builds a {@link CommandSpec}; by default the first argument after the name is the only key. */
    public static final class Builder {
        private final String name;
        private final int arity;
        private final CommandKind kind;
        private Set<String> flags = Set.of();
        private int firstKey = 1;
        private int lastKey = 1;
        private int keyStep = 1;
        private boolean concurrentRead;
        private Validator validator = Validator.NONE;
        private CommandHandler handler;

        private Builder(String name, int arity, CommandKind kind) {
            this.name = name;
            this.arity = arity;
            this.kind = kind;
        }

        public Builder flags(String... flags) {
            this.flags = Set.of(flags);
            return this;
        }

        public Builder keys(int firstKey, int lastKey, int keyStep) {
            this.firstKey = firstKey;
            this.lastKey = lastKey;
            this.keyStep = keyStep;
            return this;
        }

        public Builder noKeys() {
            return keys(0, 0, 0);
        }

        public Builder concurrentRead(boolean concurrentRead) {
            this.concurrentRead = concurrentRead;
            return this;
        }

        public Builder validator(Validator validator) {
            this.validator = validator;
            return this;
        }

        public Builder handler(CommandHandler handler) {
            this.handler = handler;
            return this;
        }

        public CommandSpec build() {
            boolean hasKeys = firstKey > 0 && (arity < 0 || arity > 1);
            return new CommandSpec(name, arity, kind, flags, hasKeys ? firstKey : 0, hasKeys ? lastKey : 0,
                    hasKeys ? keyStep : 0, concurrentRead, validator, handler);
        }
    }
}
