package io.raftboot.faults.lin;

import java.util.Objects;

/**
 * One client operation on one key, as recorded.
 *
 * @param id       unique in the history, used to name operations in reports
 * @param process  the client that issued it (a client has at most one operation in flight)
 * @param key      the key it touched
 * @param type     register read, register write or counter increment
 * @param input    the value written ({@link OpType#WRITE}), otherwise null
 * @param outcome  ok, definite failure, or unknown
 * @param output   for an OK read, the value read (null = absent); for an OK increment, the new value
 * @param invokeNanos   monotonic time the request was about to be sent
 * @param completeNanos monotonic time the reply arrived; ignored for unknown outcomes
 */
public record Operation(long id, int process, String key, OpType type, String input, Outcome outcome,
                        String output, long invokeNanos, long completeNanos) {

    /**
     * Output the checker gives a write of unknown outcome whose value was read: it did take effect,
     * before the read completed.
     */
    public static final String INFERRED = "unknown outcome, value observed by a read";

    public Operation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        if (type == OpType.WRITE && input == null) {
            throw new IllegalArgumentException("a write needs its value: operation " + id);
        }
        if (outcome != Outcome.UNKNOWN && completeNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + id + " completes before it is invoked");
        }
    }

    @Override
    public String toString() {
        String what = switch (type) {
            case READ -> "GET " + key;
            case WRITE -> "SET " + key + " " + input;
            case INCR -> "INCR " + key;
        };
        String result = switch (outcome) {
            case OK -> type == OpType.WRITE ? (INFERRED.equals(output) ? "OK (" + output + ")" : "OK") : String.valueOf(output);
            case FAIL -> "FAIL";
            case UNKNOWN -> "UNKNOWN";
        };
        String end = outcome == Outcome.UNKNOWN ? "?" : String.valueOf(completeNanos);
        return "#" + id + " p" + process + " [" + invokeNanos + ".." + end + "] " + what + " -> " + result;
    }
}
