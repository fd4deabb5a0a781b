package io.raftboot.test.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model a user writes for their own commands, as docs/TESTING.md shows it. */
class HandWrittenModelTest {

    /** INCRBY key n replies the new value; GET key replies it (null before the first INCRBY). */
    static final Model COUNTER = Model.of(0L, (state, op) -> {
        long value = (Long) state;
        switch (op.command()) {
            case "INCRBY":
                long after = value + Long.parseLong(op.input());
                return !op.observed() || Long.toString(after).equals(op.output()) ? after : Model.ILLEGAL;
            case "GET":
                String expected = value == 0 ? null : Long.toString(value);
                return !op.observed() || java.util.Objects.equals(expected, op.output()) ? state : Model.ILLEGAL;
            default:
                throw new IllegalArgumentException("not in the model: " + op);
        }
    });

    private static Operation op(long id, String command, String input, Outcome outcome, String output, long from, long to) {
        return new Operation(id, (int) id, "c", command, input, outcome, output, from, to);
    }

    @Test
    void concurrentIncrementsMayApplyInEitherOrderAndAnUnknownOneMayHaveHappened() {
        List<Operation> history = List.of(
                op(1, "INCRBY", "5", Outcome.OK, "7", 0, 10),
                op(2, "INCRBY", "2", Outcome.OK, "2", 1, 9),
                op(3, "INCRBY", "1", Outcome.UNKNOWN, null, 11, 11),
                op(4, "GET", null, Outcome.OK, "8", 12, 13));
        assertThat(Linearizability.check(history, COUNTER).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aLostIncrementIsReportedWithTheShortestFailingPrefix() {
        List<Operation> history = List.of(
                op(1, "INCRBY", "5", Outcome.OK, "5", 0, 1),
                op(2, "INCRBY", "2", Outcome.OK, "7", 2, 3),
                op(3, "GET", null, Outcome.OK, "5", 4, 5),
                op(4, "GET", null, Outcome.OK, "7", 6, 7));
        assertThatThrownBy(() -> Linearizability.assertLinearizable(history, COUNTER))
                .hasMessageContaining("key c: NOT_LINEARIZABLE")
                .hasMessageContaining("3 operations, initial state as at the start")
                .hasMessageContaining("GET c -> 5")
                .hasMessageNotContaining("GET c -> 7");
    }
}
