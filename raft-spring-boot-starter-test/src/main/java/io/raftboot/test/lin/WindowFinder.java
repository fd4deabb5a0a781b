package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Narrows a non-linearizable key history to a small window that is not linearizable by itself.
 *
 * <p>A window [t1, t2] holds: its <em>core</em>, the acknowledged operations invoked at or after
 * t1 and completed by t2, which must be linearized; its <em>boundary</em>, the acknowledged
 * operations that overlap [t1, t2] without being inside, which may be linearized (their output
 * must then match) or left out; and every unknown-outcome operation invoked by t2. Operations
 * completed before t1 precede every core operation in real time, and those invoked after t2
 * follow them, so in any linearization of the whole history the stretch from the first to the
 * last core operation holds only window operations, starting from some state. A window that is
 * not linearizable from <em>any</em> initial state, even with its boundary optional, therefore
 * proves the whole history is not. A window starting at -infinity is checked from the real
 * initial state.
 *
 * <p>The end is taken from the failed search (the completion of the operation its deepest attempt
 * could not place in time), or else found by binary search over completion times; then windows
 * ending there grow backwards until one fails, and a binary search finds the latest start.
 * Every window returned was checked to fail.
 */
final class WindowFinder {
    private final Model model;
    private final List<Operation> ops;
    private final long stepBudget;
    private final long[] completions;
    private final long[] invocations;

    record Window(List<Operation> operations, boolean fromStart) {
    }

    WindowFinder(Model model, List<Operation> operations, long stepBudget) {
        this.model = model;
        this.ops = operations;
        // a probe that cannot decide counts as "not shown to fail": the window found is still checked
        this.stepBudget = Math.max(1, stepBudget / 20);
        this.completions = acknowledged().mapToLong(Operation::completeNanos).sorted().distinct().toArray();
        this.invocations = acknowledged().mapToLong(Operation::invokeNanos).sorted().distinct().toArray();
    }

    private java.util.stream.Stream<Operation> acknowledged() {
        return ops.stream().filter(op -> op.outcome() == Outcome.OK);
    }

    /**
     * Call only for a history that is not linearizable from the absent state.
     *
     * @param hint the operation the failed search could not place in time, or null
     */
    Window smallest(Operation hint) {
        if (completions.length == 0) {
            return new Window(ops, true);
        }
        if (hint != null && hint.outcome() == Outcome.OK) {
            Window near = endingAt(hint.completeNanos());
            if (near != null) {
                return near;
            }
        }
        int end = earliestFailingEnd();
        Window found = endingAt(completions[end]);
        return found != null ? found : new Window(ops, true);
    }

    /**
     * The smallest failing window ending at t2: windows growing backwards by doubling (small ones
     * are cheap to refute), then a binary search between the last two sizes; null if none fails.
     */
    private Window endingAt(long t2) {
        if (!model.understandsAnyState()) {
            // without "any value" to start from, only prefixes can be checked on their own
            return fails(Long.MIN_VALUE, t2, model.initialState()) ? new Window(window(Long.MIN_VALUE, t2), true) : null;
        }
        int last = lastInvocationAtOrBefore(t2);
        if (last < 0) {
            return null;
        }
        int passing = last + 1;
        for (int size = 1; ; size *= 2) {
            int start = Math.max(0, last - size + 1);
            if (fails(invocations[start], t2, Model.ANY)) {
                // latest failing start lies in [start, passing - 1]
                int lo = start;
                int hi = passing - 1;
                while (lo < hi) {
                    int mid = (lo + hi + 1) >>> 1;
                    if (fails(invocations[mid], t2, Model.ANY)) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                return new Window(window(invocations[lo], t2), false);
            }
            passing = start;
            if (start == 0) {
                break;
            }
        }
        if (fails(Long.MIN_VALUE, t2, Model.ANY)) {
            return new Window(window(Long.MIN_VALUE, t2), false);
        }
        if (fails(Long.MIN_VALUE, t2, model.initialState())) {
            return new Window(window(Long.MIN_VALUE, t2), true);
        }
        return null;
    }

    private int lastInvocationAtOrBefore(long t) {
        int lo = 0;
        int hi = invocations.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (invocations[mid] <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private int earliestFailingEnd() {
        // the last end covers the whole history, which fails
        int lo = 0;
        int hi = completions.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fails(Long.MIN_VALUE, completions[mid], model.initialState())) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private boolean fails(long t1, long t2, Object initialState) {
        List<Operation> window = window(t1, t2);
        Set<Operation> boundary = Set.copyOf(window.stream().filter(op -> isBoundary(op, t1, t2)).toList());
        Predicate<Operation> optional = boundary::contains;
        return new LinearizationSearch(model, window, optional, initialState, stepBudget).run() == Verdict.NOT_LINEARIZABLE;
    }

    List<Operation> window(long t1, long t2) {
        List<Operation> window = new ArrayList<>();
        for (Operation op : ops) {
            if (op.invokeNanos() > t2) {
                continue;
            }
            if (op.outcome() == Outcome.UNKNOWN || op.completeNanos() >= t1) {
                window.add(op);
            }
        }
        return window;
    }

    private static boolean isBoundary(Operation op, long t1, long t2) {
        return op.outcome() == Outcome.OK && (op.invokeNanos() < t1 || op.completeNanos() > t2);
    }
}
