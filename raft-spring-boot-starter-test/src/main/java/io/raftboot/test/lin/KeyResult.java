package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;

import java.util.List;

/**
 * The checker's answer for one key.
 *
 * @param key        the key
 * @param verdict    linearizable, not, or undecided within the budget
 * @param operations operations of this key that the search considered (definite failures, unknown
 *                   reads and unknown writes nobody read are left out: they cannot matter)
 * @param window     for a violation, the smallest window of operations found that is not
 *                   linearizable on its own, in invocation order; empty otherwise
 * @param windowFromStart whether the window starts at the key's first operation (from the
 *                   model's initial state) or later (from any value)
 */
public record KeyResult(String key, Verdict verdict, int operations, List<Operation> window, boolean windowFromStart) {

    public KeyResult {
        window = List.copyOf(window);
    }

    /** Human-readable explanation of a violation, one operation per line. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("key ").append(key).append(": ").append(verdict).append(" (").append(operations).append(" operations)");
        if (!window.isEmpty()) {
            out.append("\n  smallest non-linearizable window (").append(window.size()).append(" operations, initial state ")
                    .append(windowFromStart ? "as at the start" : "any value")
                    .append("): no order of these operations, each taking effect once between its call and its reply"
                    + " (or never, if UNKNOWN), gives the replies they got");
            for (Operation op : window) {
                out.append("\n    ").append(op);
            }
        }
        return out.toString();
    }
}
