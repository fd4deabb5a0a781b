package io.raftboot.faults.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a history of GET/SET/INCR operations for linearizability, each key on its own (a history
 * is linearizable iff each key's sub-history is: P-compositionality). Keys start absent.
 *
 * <p>Preparation drops what cannot matter: definite failures (never took effect), reads with an
 * unknown outcome (no effect, nothing observed), and writes with an unknown outcome whose value
 * nobody read (a linearization with such a write taking effect stays legal without it); an
 * unknown write whose value was read is searched as acknowledged, completing at the first such
 * read's completion. Written
 * values must be unique per key, so that a read names the write it observed.
 *
 * <p>On a violation, {@link WindowFinder} narrows the key's history to the smallest window found
 * that is not linearizable by itself.
 */
public final class LinearizabilityChecker {
    /** Default bound on search steps per key (and per window probe). */
    public static final long DEFAULT_STEP_BUDGET = 20_000_000L;

    private final long stepBudget;

    public LinearizabilityChecker() {
        this(DEFAULT_STEP_BUDGET);
    }

    public LinearizabilityChecker(long stepBudget) {
        if (stepBudget <= 0) {
            throw new IllegalArgumentException("step budget must be positive: " + stepBudget);
        }
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
        LinearizationSearch search = new LinearizationSearch(relevant, null, stepBudget);
        Verdict verdict = search.run();
        if (verdict != Verdict.NOT_LINEARIZABLE) {
            return new KeyResult(key, verdict, relevant.size(), List.of(), false);
        }
        WindowFinder.Window window = new WindowFinder(relevant, stepBudget).smallest(search.deepestBlocker());
        return new KeyResult(key, verdict, relevant.size(), window.operations(), window.fromStart());
    }

    /**
     * A write of unknown outcome whose value a successful read returned did take effect, before
     * that read completed: it is searched as acknowledged at the earliest such completion (or
     * earlier, if it was invoked after it: then the search rejects it). Leaving it optional with an
     * infinite completion would multiply the search space by two for every such write.
     */
    private static Operation observedWrite(Operation op, long firstReadCompletion) {
        long complete = Math.max(firstReadCompletion, op.invokeNanos());
        boolean readBeforeInvoked = firstReadCompletion < op.invokeNanos();
        if (readBeforeInvoked) {
            // impossible for any linearization: keep it unknown (optional), so the read that saw
            // the value before the write was sent is what fails
            return op;
        }
        return new Operation(op.id(), op.process(), op.key(), op.type(), op.input(), Outcome.OK,
                Operation.INFERRED, op.invokeNanos(), complete);
    }

    static List<Operation> relevant(String key, List<Operation> operations) {
        Set<String> read = new HashSet<>();
        Set<String> written = new HashSet<>();
        for (Operation op : operations) {
            if (!op.key().equals(key)) {
                throw new IllegalArgumentException("operation " + op.id() + " is on key " + op.key() + ", not " + key);
            }
            if (op.type() == OpType.WRITE && !written.add(op.input())) {
                throw new IllegalArgumentException("value " + op.input() + " is written twice to key " + key
                        + ": the checker needs unique written values");
            }
            if (op.type() == OpType.READ && op.outcome() == Outcome.OK && op.output() != null) {
                read.add(op.output());
            }
        }
        Map<String, Long> firstReadCompletion = new HashMap<>();
        for (Operation op : operations) {
            if (op.type() == OpType.READ && op.outcome() == Outcome.OK && op.output() != null) {
                firstReadCompletion.merge(op.output(), op.completeNanos(), Math::min);
            }
        }
        List<Operation> kept = new ArrayList<>();
        for (Operation op : operations) {
            if (op.outcome() == Outcome.OK) {
                kept.add(op);
            } else if (op.outcome() == Outcome.UNKNOWN && op.type() == OpType.INCR) {
                kept.add(op);
            } else if (op.outcome() == Outcome.UNKNOWN && op.type() == OpType.WRITE && read.contains(op.input())) {
                kept.add(observedWrite(op, firstReadCompletion.get(op.input())));
            }
        }
        kept.sort(Comparator.comparingLong(Operation::invokeNanos).thenComparingLong(Operation::id));
        return kept;
    }
}
