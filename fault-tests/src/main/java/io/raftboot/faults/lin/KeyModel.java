package io.raftboot.faults.lin;

import java.util.Objects;

/**
 * The sequential specification of one key: a string value or absent, read with GET, replaced with
 * SET, incremented with INCR. States are {@code null} (absent), a {@code String}, or
 * {@link #ANY}: the unknown value a key had before a window of the history that does not start at
 * its beginning; the first operation that observes it pins it.
 */
final class KeyModel {
    /** "Some value we have not seen": only the window search starts from it. */
    static final Object ANY = new Object() {
        @Override
        public String toString() {
            return "<any>";
        }
    };

    /** Result of a step that the specification does not allow. */
    static final Object ILLEGAL = new Object();

    private KeyModel() {
    }

    /**
     * The state after {@code op} runs in {@code state}, or {@link #ILLEGAL} if {@code op}'s observed
     * output contradicts it. Unknown outcomes have no observed output.
     */
    static Object step(Object state, Operation op) {
        boolean observed = op.outcome() == Outcome.OK;
        return switch (op.type()) {
            case WRITE -> op.input();
            case READ -> {
                if (!observed) {
                    yield state;
                }
                if (state == ANY) {
                    yield op.output();
                }
                yield Objects.equals(state, op.output()) ? state : ILLEGAL;
            }
            case INCR -> increment(state, op, observed);
        };
    }

    private static Object increment(Object state, Operation op, boolean observed) {
        if (state == ANY) {
            // any value plus one is still any value, unless the reply tells us which
            return observed ? op.output() : ANY;
        }
        long before;
        if (state == null) {
            before = 0;
        } else {
            try {
                before = Long.parseLong((String) state);
            } catch (NumberFormatException e) {
                // INCR of a non-integer is refused by the server: it cannot have succeeded
                return ILLEGAL;
            }
        }
        if (before == Long.MAX_VALUE) {
            return ILLEGAL;
        }
        String after = Long.toString(before + 1);
        if (observed && !after.equals(op.output())) {
            return ILLEGAL;
        }
        return after;
    }
}
