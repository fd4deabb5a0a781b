package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import java.util.ArrayList;
import java.util.List;

/** Hand-written histories for checker tests: times are small integers. */
final class HistoryBuilder {
    private final List<Operation> ops = new ArrayList<>();
    private String key = "k";

    HistoryBuilder key(String newKey) {
        this.key = newKey;
        return this;
    }

    HistoryBuilder write(int process, String value, long invoke, long complete) {
        return add(process, "SET", value, Outcome.OK, null, invoke, complete);
    }

    HistoryBuilder writeUnknown(int process, String value, long invoke) {
        return add(process, "SET", value, Outcome.UNKNOWN, null, invoke, invoke);
    }

    HistoryBuilder writeFailed(int process, String value, long invoke, long complete) {
        return add(process, "SET", value, Outcome.FAIL, null, invoke, complete);
    }

    HistoryBuilder read(int process, String value, long invoke, long complete) {
        return add(process, "GET", null, Outcome.OK, value, invoke, complete);
    }

    HistoryBuilder incr(int process, long result, long invoke, long complete) {
        return add(process, "INCR", null, Outcome.OK, Long.toString(result), invoke, complete);
    }

    HistoryBuilder incrUnknown(int process, long invoke) {
        return add(process, "INCR", null, Outcome.UNKNOWN, null, invoke, invoke);
    }

    HistoryBuilder add(int process, String type, String input, Outcome outcome, String output, long invoke, long complete) {
        ops.add(new Operation(ops.size(), process, key, type, input, outcome, output, invoke, complete));
        return this;
    }

    List<Operation> build() {
        return List.copyOf(ops);
    }
}
