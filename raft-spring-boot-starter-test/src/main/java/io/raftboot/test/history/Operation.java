package io.raftboot.test.history;

import java.util.Locale;
import java.util.Objects;

/**
 * One client operation on one key, as recorded.
 *
 * @param id       unique in the history, used to name operations in reports
 * @param process  the client that issued it (a client has at most one operation in flight)
 * @param key      the key it touched (the checker takes each key on its own)
 * @param command  the command's name, upper case (GET, SET, INCR, or the user's own)
 * @param input    the command's argument after the key (the value a SET writes), or null
 * @param outcome  ok, definite failure, or unknown
 * @param output   for an acknowledged operation, its reply as text (null for a null reply)
 * @param invokeNanos   monotonic time the request was about to be sent
 * @param completeNanos monotonic time the reply arrived; ignored for unknown outcomes
 */
public record Operation(long id, int process, String key, String command, String input, Outcome outcome,
                        String output, long invokeNanos, long completeNanos) {

    /**
     * Output the checker gives a write of unknown outcome whose value was read: it did take effect,
     * before the read completed.
     */
    public static final String INFERRED = "unknown outcome, value observed by a read";

    public Operation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(outcome, "outcome");
        command = command.toUpperCase(Locale.ROOT);
        if (outcome != Outcome.UNKNOWN && completeNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + id + " completes before it is invoked");
        }
    }

    /** Whether the client saw the reply: only then may a model check {@link #output()}. */
    public boolean observed() {
        return outcome == Outcome.OK;
    }

    /** The same operation with another outcome, reply and completion time. */
    public Operation completedAs(Outcome newOutcome, String newOutput, long newCompleteNanos) {
        return new Operation(id, process, key, command, input, newOutcome, newOutput, invokeNanos, newCompleteNanos);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    @Override
    public String toString() {
        String what = command + " " + key + (input == null ? "" : " " + input);
        String result = switch (outcome) {
            case OK -> INFERRED.equals(output) ? "OK (" + output + ")" : String.valueOf(output);
            case FAIL -> "FAIL";
            case UNKNOWN -> "UNKNOWN";
        };
        String end = outcome == Outcome.UNKNOWN ? "?" : millis(completeNanos);
        return "#" + id + " p" + process + " [" + millis(invokeNanos) + ".." + end + " ms] " + what + " -> " + result;
    }
}
