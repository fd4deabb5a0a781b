package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a history for linearizability against a {@link Model}, each key on its own (a history is
 * linearizable iff each key's sub-history is: P-compositionality). Keys start in the model's
 * initial state.
 *
 * <p>Preparation drops what cannot matter: definite failures (never took effect) and read-only
 * operations with an unknown outcome (no effect, nothing observed). On a key that sees only reads
 * and writes of unique whole values (a register), a write of unknown outcome whose value nobody
 * read is dropped too (a linearization with it taking effect stays legal without it), and one whose
 * value was read is searched as acknowledged, completing at the first such read's completion.
 *
 * <p>On a violation, {@link WindowFinder} narrows the key's history to the smallest window found
 * that is not linearizable by itself.
 */
public final class LinearizabilityChecker {
    /** Default bound on search steps per key (and per window probe). */
    public static final long DEFAULT_STEP_BUDGET = 20_000_000L;

    private final Model model;
    private final long stepBudget;

    public LinearizabilityChecker(Model model) {
        this(model, DEFAULT_STEP_BUDGET);
    }

    public LinearizabilityChecker(Model model, long stepBudget) {
        if (stepBudget <= 0) {
            throw new IllegalArgumentException("step budget must be positive: " + stepBudget);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.stepBudget = stepBudget;
    }

    public CheckResult check(List<Operation> history) {
        Map<String, List<Operation>> byKey = history.stream()
                .collect(Collectors.groupingBy(Operation::key, LinkedHashMap::new, Collectors.toList()));
        List<KeyResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
            results.add(checkKey(key.getKey(), key.getValue()));
        }
        return new CheckResult(results);
    }

    /** Checks the operations of one key (all must carry that key). */
    public KeyResult checkKey(String key, List<Operation> operations) {
        List<Operation> relevant = relevant(key, operations);
        LinearizationSearch search = new LinearizationSearch(model, relevant, model.initialState(), stepBudget);
        Verdict verdict = search.run();
        if (verdict != Verdict.NOT_LINEARIZABLE) {
            return new KeyResult(key, verdict, relevant.size(), List.of(), false);
        }
        WindowFinder.Window window = new WindowFinder(model, relevant, stepBudget).smallest(search.deepestBlocker());
        return new KeyResult(key, verdict, relevant.size(), window.operations(), window.fromStart());
    }

    /**
     * A write of unknown outcome whose value a successful read returned did take effect, before
     * that read completed: it is searched as acknowledged at the earliest such completion (or
     * earlier, if it was invoked after it: then the search rejects it). Leaving it optional with an
     * infinite completion would multiply the search space by two for every such write.
     */
    private static Operation observedWrite(Operation op, long firstReadCompletion) {
        boolean readBeforeInvoked = firstReadCompletion < op.invokeNanos();
        if (readBeforeInvoked) {
            // impossible for any linearization: keep it unknown (optional), so the read that saw
            // the value before the write was sent is what fails
            return op;
        }
        return op.completedAs(Outcome.OK, Operation.INFERRED, Math.max(firstReadCompletion, op.invokeNanos()));
    }

    List<Operation> relevant(String key, List<Operation> operations) {
        for (Operation op : operations) {
            if (!op.key().equals(key)) {
                throw new IllegalArgumentException("operation " + op.id() + " is on key " + op.key() + ", not " + key);
            }
        }
        boolean register = isRegister(operations);
        Map<String, Long> firstReadCompletion = new HashMap<>();
        if (register) {
            for (Operation op : operations) {
                String read = model.valueRead(op);
                if (read != null) {
                    firstReadCompletion.merge(read, op.completeNanos(), Math::min);
                }
            }
        }
        List<Operation> kept = new ArrayList<>();
        for (Operation op : operations) {
            if (op.outcome() == Outcome.OK) {
                kept.add(op);
            } else if (op.outcome() == Outcome.UNKNOWN && !model.isReadOnly(op)) {
                if (!register) {
                    kept.add(op);
                } else if (firstReadCompletion.containsKey(model.replacingValue(op))) {
                    kept.add(observedWrite(op, firstReadCompletion.get(model.replacingValue(op))));
                }
            }
        }
        kept.sort(Comparator.comparingLong(Operation::invokeNanos).thenComparingLong(Operation::id));
        return kept;
    }

    /** Only reads and writes of whole values, each value written once: a read names its write. */
    private boolean isRegister(List<Operation> operations) {
        Set<String> written = new HashSet<>();
        for (Operation op : operations) {
            if (model.isReadOnly(op) || op.outcome() == Outcome.FAIL) {
                continue;
            }
            String value = model.replacingValue(op);
            if (value == null || !written.add(value)) {
                return false;
            }
        }
        return true;
    }
}
