package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Wing &amp; Gong's search for a linearization of one key's operations, with Lowe's memoization:
 * a (set of linearized operations, model state) pair that was already explored is never explored
 * again.
 *
 * <p>Events (invocations and completions) sit in a doubly linked list in time order. Walking it, an
 * invocation whose operation can run in the current state is "lifted" (its two events unlinked)
 * and the walk restarts at the head; reaching a completion means that operation had to be
 * linearized already, so the last lift is undone and the walk continues after it. Operations with
 * an unknown outcome (and acknowledged ones marked optional) complete at infinity and are optional: success is declared once every
 * acknowledged operation is linearized.
 *
 * <p>Unknown operations the model calls interchangeable (same command and input, e.g. INCR: same
 * effect, nothing observed) are lifted in invocation order only; this keeps many of them from
 * multiplying the search space.
 */
final class LinearizationSearch {
    private final Model model;
    private final List<Operation> ops;
    /** Acknowledged operations the search may leave out (a window's boundary); see {@link WindowFinder}. */
    private final boolean[] optional;
    private final Object initialState;
    private final long stepBudget;

    // the event list, as arrays indexed by event number; event 2i is op i's invocation, 2i+1 its completion
    private final int[] next;
    private final int[] prev;
    private final int head;
    /** For an interchangeable unknown operation, the one of its kind invoked just before it, or -1. */
    private final int[] previousInterchangeable;

    LinearizationSearch(Model model, List<Operation> operations, Object initialState, long stepBudget) {
        this(model, operations, op -> false, initialState, stepBudget);
    }

    /**
     * @param optionalAcknowledged acknowledged operations that need not be linearized; when they
     *        are, their output must match, but they may be placed after their completion (which
     *        only makes the search more permissive)
     */
    LinearizationSearch(Model model, List<Operation> operations, Predicate<Operation> optionalAcknowledged,
                        Object initialState, long stepBudget) {
        this.model = model;
        this.ops = List.copyOf(operations);
        this.optional = new boolean[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            optional[i] = ops.get(i).outcome() != Outcome.OK || optionalAcknowledged.test(ops.get(i));
        }
        this.initialState = initialState;
        this.stepBudget = stepBudget;
        int events = ops.size() * 2;
        head = events;
        next = new int[events + 1];
        prev = new int[events + 1];
        previousInterchangeable = new int[ops.size()];
        linkInTimeOrder();
        chainInterchangeableUnknowns();
    }

    private void linkInTimeOrder() {
        List<Integer> order = new ArrayList<>(ops.size() * 2);
        for (int e = 0; e < ops.size() * 2; e++) {
            order.add(e);
        }
        // at equal times an invocation comes first: the two operations are then concurrent (lenient)
        order.sort(Comparator.comparingLong(this::eventTime).thenComparingInt(e -> e & 1));
        int last = head;
        for (int e : order) {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = -1;
    }

    private long eventTime(int event) {
        Operation op = ops.get(event >> 1);
        if ((event & 1) == 0) {
            return op.invokeNanos();
        }
        return optional[event >> 1] ? Long.MAX_VALUE : op.completeNanos();
    }

    private void chainInterchangeableUnknowns() {
        Map<List<String>, List<Integer>> kinds = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            previousInterchangeable[i] = -1;
            Operation op = ops.get(i);
            if (op.outcome() == Outcome.UNKNOWN && model.interchangeableWhenUnknown(op)) {
                kinds.computeIfAbsent(Arrays.asList(op.command(), op.input()), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> kind : kinds.values()) {
            kind.sort(Comparator.comparingLong((Integer i) -> ops.get(i).invokeNanos()).thenComparingInt(i -> i));
            for (int k = 1; k < kind.size(); k++) {
                previousInterchangeable[kind.get(k)] = kind.get(k - 1);
            }
        }
    }

    /** The operation whose completion stopped the deepest partial linearization, or -1. */
    private int deepestBlocker = -1;
    private int deepest = -1;

    /** After a failed {@link #run()}: the operation the deepest attempt could not place in time. */
    Operation deepestBlocker() {
        return deepestBlocker < 0 ? null : ops.get(deepestBlocker);
    }

    private record Explored(BitSet linearized, Object state) {
    }

    private record Lift(int op, Object stateBefore) {
    }

    Verdict run() {
        int required = 0;
        for (boolean mayLeaveOut : optional) {
            if (!mayLeaveOut) {
                required++;
            }
        }
        BitSet linearized = new BitSet(ops.size());
        Set<Explored> explored = new HashSet<>();
        Deque<Lift> stack = new ArrayDeque<>();
        Object state = initialState;
        int event = next[head];
        long steps = 0;
        while (true) {
            if (required == 0) {
                return Verdict.LINEARIZABLE;
            }
            if (++steps > stepBudget) {
                return Verdict.UNDECIDED;
            }
            if (event >= 0 && (event & 1) == 0) {
                int op = event >> 1;
                Object after = canLift(op, linearized) ? model.step(state, ops.get(op)) : Model.ILLEGAL;
                if (after != Model.ILLEGAL) {
                    linearized.set(op);
                    if (explored.add(new Explored((BitSet) linearized.clone(), after))) {
                        stack.push(new Lift(op, state));
                        state = after;
                        unlink(op);
                        if (!optional[op]) {
                            required--;
                        }
                        event = next[head];
                        continue;
                    }
                    linearized.clear(op);
                }
                event = next[event];
            } else {
                // a completion (or the end): something that had to come first was not placed; undo
                if (event >= 0 && stack.size() > deepest) {
                    deepest = stack.size();
                    deepestBlocker = event >> 1;
                }
                if (stack.isEmpty()) {
                    return Verdict.NOT_LINEARIZABLE;
                }
                Lift undo = stack.pop();
                state = undo.stateBefore();
                linearized.clear(undo.op());
                relink(undo.op());
                if (!optional[undo.op()]) {
                    required++;
                }
                event = next[undo.op() * 2];
            }
        }
    }

    private boolean canLift(int op, BitSet linearized) {
        int before = previousInterchangeable[op];
        return before < 0 || linearized.get(before);
    }

    private void unlink(int op) {
        for (int e : new int[] {op * 2, op * 2 + 1}) {
            next[prev[e]] = next[e];
            if (next[e] >= 0) {
                prev[next[e]] = prev[e];
            }
        }
    }

    private void relink(int op) {
        // reverse order of unlink: the completion first, then the invocation
        for (int e : new int[] {op * 2 + 1, op * 2}) {
            next[prev[e]] = e;
            if (next[e] >= 0) {
                prev[next[e]] = e;
            }
        }
    }
}
