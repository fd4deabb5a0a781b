package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search against the definition, on thousands of small random histories: a history is
 * linearizable iff some subset of its unknown-outcome operations, together with all acknowledged
 * ones, has an order that respects real time (an acknowledged operation that completed before
 * another was invoked comes first; nothing comes before its own invocation) and is legal for the
 * sequential register/counter. Failures are dropped first, as the checker does.
 */
class CheckerAgainstBruteForceTest {

    @Test
    void agreesWithExhaustiveEnumerationOnSmallRandomHistories() {
        SplittableRandom random = new SplittableRandom(2026);
        LinearizabilityChecker checker = new LinearizabilityChecker(Models.keyspace());
        int linearizable = 0;
        int violations = 0;
        for (int round = 0; round < 4000; round++) {
            List<Operation> history = randomHistory(random, 2 + random.nextInt(6), random.nextBoolean());
            boolean expected = bruteForce(history);
            KeyResult result = checker.checkKey("k", history);
            assertThat(result.verdict()).as("round %d: %s", round, history)
                    .isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
            if (expected) {
                linearizable++;
            } else {
                violations++;
                assertThat(result.window()).as("round %d", round).isNotEmpty();
            }
        }
        // the generator must exercise both answers, or this test proves little
        assertThat(linearizable).isGreaterThan(500);
        assertThat(violations).isGreaterThan(500);
    }

    private static List<Operation> randomHistory(SplittableRandom random, int size, boolean counter) {
        List<Operation> ops = new ArrayList<>();
        int writes = 0;
        for (int i = 0; i < size; i++) {
            long invoke = random.nextInt(20);
            long complete = invoke + random.nextInt(1, 8);
            Outcome outcome = switch (random.nextInt(6)) {
                case 0 -> Outcome.UNKNOWN;
                case 1 -> Outcome.FAIL;
                default -> Outcome.OK;
            };
            int kind = random.nextInt(2);
            if (counter) {
                if (kind == 0) {
                    String out = outcome == Outcome.OK ? Long.toString(1 + random.nextInt(size)) : null;
                    ops.add(new Operation(i, i, "k", "INCR", null, outcome, out, invoke, complete));
                } else {
                    int v = random.nextInt(size + 1);
                    ops.add(new Operation(i, i, "k", "GET", null, outcome,
                            outcome == Outcome.OK && v > 0 ? Long.toString(v) : null, invoke, complete));
                }
            } else {
                if (kind == 0) {
                    ops.add(new Operation(i, i, "k", "SET", "v" + (writes++), outcome, null, invoke, complete));
                } else {
                    int v = random.nextInt(size + 1);
                    ops.add(new Operation(i, i, "k", "GET", null, outcome,
                            outcome == Outcome.OK && v > 0 ? "v" + (v - 1) : null, invoke, complete));
                }
            }
        }
        return ops;
    }

    private static boolean bruteForce(List<Operation> history) {
        List<Operation> known = new ArrayList<>();
        List<Operation> unknown = new ArrayList<>();
        for (Operation op : history) {
            if (op.outcome() == Outcome.OK) {
                known.add(op);
            } else if (op.outcome() == Outcome.UNKNOWN) {
                unknown.add(op);
            }
        }
        for (int mask = 0; mask < (1 << unknown.size()); mask++) {
            List<Operation> chosen = new ArrayList<>(known);
            for (int i = 0; i < unknown.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    chosen.add(unknown.get(i));
                }
            }
            if (someOrderIsLegal(chosen, new boolean[chosen.size()], new ArrayList<>(), null)) {
                return true;
            }
        }
        return false;
    }

    private static boolean someOrderIsLegal(List<Operation> ops, boolean[] used, List<Operation> order, Object state) {
        if (order.size() == ops.size()) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (used[i] || !mayComeNext(ops, used, i)) {
                continue;
            }
            Object after = Models.keyspace().step(state, ops.get(i));
            if (after == Model.ILLEGAL) {
                continue;
            }
            used[i] = true;
            order.add(ops.get(i));
            if (someOrderIsLegal(ops, used, order, after)) {
                return true;
            }
            order.remove(order.size() - 1);
            used[i] = false;
        }
        return false;
    }

    /** Real time: every acknowledged operation that completed before op i was invoked is placed already. */
    private static boolean mayComeNext(List<Operation> ops, boolean[] used, int i) {
        for (int j = 0; j < ops.size(); j++) {
            Operation other = ops.get(j);
            if (!used[j] && j != i && other.outcome() == Outcome.OK && other.completeNanos() < ops.get(i).invokeNanos()) {
                return false;
            }
        }
        return true;
    }
}
