package io.raftboot.faults.run;

import io.raftboot.faults.workload.OpType;
import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LostWritesTest {

    private static Operation set(long id, String key, String value, Outcome outcome, long invoke, long complete) {
        return new Operation(id, 1, key, OpType.WRITE.command(), value, outcome, null, invoke, complete);
    }

    private static Operation incr(long id, String key, Outcome outcome, long result) {
        return new Operation(id, 1, key, OpType.INCR.command(), null, outcome, outcome == Outcome.OK ? Long.toString(result) : null, id, id + 1);
    }

    @Test
    void registerWhoseFinalValuePredatesAnAcknowledgedWriteLostIt() {
        List<Operation> history = List.of(set(0, "r", "a", Outcome.OK, 0, 1), set(1, "r", "b", Outcome.OK, 2, 3));
        assertThat(LostWrites.find(history, Map.of("r", "a"), k -> false)).hasSize(1);
        assertThat(LostWrites.find(history, Map.of("r", "b"), k -> false)).isEmpty();
        assertThat(LostWrites.find(history, java.util.Collections.singletonMap("r", null), k -> false)).hasSize(1);
    }

    @Test
    void aHashFieldIsARegisterWrittenByHset() {
        List<Operation> history = List.of(
                new Operation(0, 1, "h#f0", OpType.FIELD_WRITE.command(), "a", Outcome.OK, "1", 0, 1),
                new Operation(1, 1, "h#f0", OpType.FIELD_WRITE.command(), "b", Outcome.OK, "0", 2, 3));
        assertThat(LostWrites.find(history, Map.of("h#f0", "a"), k -> false)).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("1 acknowledged SET lost"));
        assertThat(LostWrites.find(history, Map.of("h#f0", "b"), k -> false)).isEmpty();
    }

    @Test
    void concurrentWritesMayEndInEitherValue() {
        List<Operation> history = List.of(set(0, "r", "a", Outcome.OK, 0, 10), set(1, "r", "b", Outcome.OK, 2, 8));
        assertThat(LostWrites.find(history, Map.of("r", "a"), k -> false)).isEmpty();
        assertThat(LostWrites.find(history, Map.of("r", "b"), k -> false)).isEmpty();
    }

    @Test
    void counterBelowAcknowledgedIncrementsLostSomeAboveAllIncrementsHasPhantoms() {
        List<Operation> history = List.of(incr(0, "c", Outcome.OK, 1), incr(2, "c", Outcome.OK, 2), incr(4, "c", Outcome.UNKNOWN, 0));
        assertThat(LostWrites.find(history, Map.of("c", "1"), k -> true)).singleElement()
                .extracting(LostWrites.Finding::problem).asString().contains("lost");
        assertThat(LostWrites.find(history, Map.of("c", "2"), k -> true)).isEmpty();
        assertThat(LostWrites.find(history, Map.of("c", "3"), k -> true)).isEmpty();
        assertThat(LostWrites.find(history, Map.of("c", "4"), k -> true)).singleElement()
                .extracting(LostWrites.Finding::problem).asString().contains("phantom");
    }
}
