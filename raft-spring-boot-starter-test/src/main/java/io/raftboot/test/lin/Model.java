package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;

/**
 * The sequential specification of one key: what each command does to the key's state and which
 * replies it allows. The checker takes each key on its own, so a model describes a single key.
 *
 * <p>States must implement {@code equals}/{@code hashCode} (the search remembers the pairs of
 * operations placed and state it already explored); {@code null} is a valid state (for instance
 * "absent"). A minimal model is a lambda for {@link #step} plus {@link #initialState}; the other
 * methods let the checker prune and shrink reports, and may be left as they are.
 */
public interface Model {
    /** Returned by {@link #step} when the operation's observed reply contradicts the state. */
    Object ILLEGAL = new Marker("<illegal>");

    /**
     * "Some value nobody has seen yet": the state a window of the history that does not start at
     * the beginning starts from, passed to {@link #step} only when {@link #understandsAnyState()}.
     */
    Object ANY = new Marker("<any value>");

    /** The key's state before its first operation (e.g. {@code null} for absent, {@code 0L} for a counter). */
    Object initialState();

    /**
     * The state after {@code op} runs in {@code state}, or {@link #ILLEGAL} if the reply {@code op}
     * observed contradicts it. For an operation whose outcome is unknown, {@link Operation#observed()}
     * is false and there is no reply to check; its effect must still be applied.
     */
    Object step(Object state, Operation op);

    /**
     * Whether {@link #step} accepts {@link #ANY}: then a violation is narrowed to a window that may
     * start anywhere; otherwise only to the shortest failing prefix of the key's history.
     */
    default boolean understandsAnyState() {
        return false;
    }

    /** A command with no effect (a read): when its outcome is unknown, the checker leaves it out. */
    default boolean isReadOnly(Operation op) {
        return false;
    }

    /**
     * For a write that replaces the whole state with a value unique in the history (a register's
     * SET), that value; otherwise null. On a key that sees only such writes and reads, a write of
     * unknown outcome that no read observed is left out, and one that was read is taken as done.
     */
    default String replacingValue(Operation op) {
        return null;
    }

    /** For an acknowledged read, the value it returned (names the write it observed); otherwise null. */
    default String valueRead(Operation op) {
        return null;
    }

    /**
     * Whether unknown-outcome operations with the same command and input are interchangeable (same
     * effect, nothing observed, e.g. INCR): they are then placed in invocation order only, which
     * keeps many of them from multiplying the search.
     */
    default boolean interchangeableWhenUnknown(Operation op) {
        return false;
    }

    /** A model from an initial state and a step function (no pruning, prefix-only reports). */
    static Model of(Object initialState, StepFunction step) {
        return new Model() {
            @Override
            public Object initialState() {
                return initialState;
            }

            @Override
            public Object step(Object state, Operation op) {
                return step.apply(state, op);
            }
        };
    }

    /** {@link #step} as a lambda. */
    @FunctionalInterface
    interface StepFunction {
        Object apply(Object state, Operation op);
    }

    /** A sentinel state with a readable name in reports. */
    record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
