package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import java.util.Objects;
import java.util.Set;

/**
 * Redis string keys: a value or absent; GET reads, SET replaces, DEL removes (reply: how many keys
 * it removed), INCR/INCRBY/DECR/DECRBY add to an integer value (absent counts as 0; reply: the new
 * value). States are {@code null} (absent), a {@code String}, or {@link Model#ANY}, which the first
 * operation that observes it pins. {@link Models} restricts it to a register or a counter.
 */
final class KeyspaceModel implements Model {
    private final String name;
    private final Set<String> commands;

    KeyspaceModel(String name, Set<String> commands) {
        this.name = name;
        this.commands = Set.copyOf(commands);
    }

    @Override
    public Object initialState() {
        return null;
    }

    @Override
    public boolean understandsAnyState() {
        return true;
    }

    @Override
    public boolean isReadOnly(Operation op) {
        return op.command().equals("GET") || op.command().equals("HGET");
    }

    @Override
    public String replacingValue(Operation op) {
        return op.command().equals("SET") || op.command().equals("HSET") ? op.input() : null;
    }

    @Override
    public String valueRead(Operation op) {
        return isReadOnly(op) && op.observed() ? op.output() : null;
    }

    @Override
    public boolean interchangeableWhenUnknown(Operation op) {
        return delta(op) != null;
    }

    @Override
    public Object step(Object state, Operation op) {
        if (!commands.contains(op.command())) {
            throw new IllegalArgumentException("the " + name + " model knows " + commands + ", not " + op);
        }
        boolean observed = op.observed();
        return switch (op.command()) {
            case "SET", "HSET" -> Objects.requireNonNull(op.input(), () -> op.command() + " without a value: " + op);
            case "GET", "HGET" -> read(state, op, observed);
            case "DEL" -> delete(state, op, observed);
            default -> add(state, op, observed, delta(op));
        };
    }

    private static Object read(Object state, Operation op, boolean observed) {
        if (!observed) {
            return state;
        }
        if (state == ANY) {
            return op.output();
        }
        return Objects.equals(state, op.output()) ? state : ILLEGAL;
    }

    private static Object delete(Object state, Operation op, boolean observed) {
        if (observed && state != ANY && !String.valueOf(state == null ? 0 : 1).equals(op.output())) {
            return ILLEGAL;
        }
        return null;
    }

    /** What an increment-like command adds, or null for other commands. */
    private static Long delta(Operation op) {
        try {
            return switch (op.command()) {
                case "INCR" -> 1L;
                case "DECR" -> -1L;
                case "INCRBY" -> Long.parseLong(op.input());
                case "DECRBY" -> -Long.parseLong(op.input());
                default -> null;
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer amount: " + op, e);
        }
    }

    private static Object add(Object state, Operation op, boolean observed, long delta) {
        if (state == ANY) {
            // any value plus something is still any value, unless the reply tells us which
            return observed ? op.output() : ANY;
        }
        long before;
        try {
            before = state == null ? 0 : Long.parseLong((String) state);
        } catch (NumberFormatException e) {
            // the server refuses to increment a non-integer: it cannot have succeeded
            return ILLEGAL;
        }
        long after;
        try {
            after = Math.addExact(before, delta);
        } catch (ArithmeticException e) {
            return ILLEGAL;
        }
        String value = Long.toString(after);
        return observed && !value.equals(op.output()) ? ILLEGAL : value;
    }

    @Override
    public String toString() {
        return name + " model " + commands;
    }
}
