package io.raftboot.consensus.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a history of single-key operations against a linearizable register-with-increment, key by
 * key (operations on different keys commute, so per-key linearizability is enough). The search is
 * Wing and Gong's, with Lowe's memoization of (linearized set, state) pairs. Operations with an
 * unknown outcome may or may not have taken effect: they return at infinity, so they can be placed
 * anywhere after their call, including after every completed operation, which is the same as never
 * having happened. Unanswered reads and definitely failed operations constrain nothing and are left
 * out.
 */
final class LinearizabilityChecker {

    /** The verdict; {@code detail} explains a rejection. */
    record Result(boolean linearizable, String detail) {
    }

    private final long maxStates;

    LinearizabilityChecker(long maxStates) {
        this.maxStates = maxStates;
    }

    Result check(List<History.Op> history) {
        Map<String, List<History.Op>> byKey = new TreeMap<>();
        for (History.Op op : history) {
            if (op.kind == OpKind.PROBE || op.outcome == History.Outcome.FAILED) {
                continue;
            }
            boolean known = op.outcome == History.Outcome.OK;
            if (op.kind == OpKind.GET && !known) {
                continue; // a read that never answered constrains nothing
            }
            byKey.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
        }
        for (Map.Entry<String, List<History.Op>> key : byKey.entrySet()) {
            Result result = checkKey(key.getKey(), key.getValue());
            if (!result.linearizable()) {
                return result;
            }
        }
        return new Result(true, "");
    }

    /** A call or return event in the doubly linked list the search lifts operations out of. */
    private static final class Node {
        final int op;
        final boolean isCall;
        final long time;
        Node match;
        Node prev;
        Node next;

        Node(int op, boolean isCall, long time) {
            this.op = op;
            this.isCall = isCall;
            this.time = time;
        }
    }

    private record Memo(BitSet linearized, long state) {
    }

    private record Frame(Node call, long state) {
    }

    private Result checkKey(String key, List<History.Op> ops) {
        List<Node> events = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            History.Op op = ops.get(i);
            Node call = new Node(i, true, op.call);
            Node ret = new Node(i, false, op.outcome == History.Outcome.OK ? op.ret : Long.MAX_VALUE);
            call.match = ret;
            ret.match = call;
            events.add(call);
            events.add(ret);
        }
        // Ties count as overlapping: calls sort before returns at the same instant.
        events.sort(Comparator.comparingLong((Node n) -> n.time).thenComparing(n -> n.isCall ? 0 : 1));
        Node head = new Node(-1, false, Long.MIN_VALUE);
        Node last = head;
        for (Node event : events) {
            last.next = event;
            event.prev = last;
            last = event;
        }

        Set<Memo> seen = new HashSet<>();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        BitSet linearized = new BitSet(ops.size());
        long state = 0;
        int deepest = 0;
        Node entry = head.next;
        while (head.next != null) {
            if (seen.size() > maxStates) {
                return new Result(false, "key " + key + ": search gave up after " + maxStates
                        + " states (history too concurrent to decide)");
            }
            if (entry.isCall) {
                History.Op op = ops.get(entry.op);
                long next = step(state, op);
                if (next != Long.MIN_VALUE) {
                    BitSet after = (BitSet) linearized.clone();
                    after.set(entry.op);
                    if (seen.add(new Memo(after, next))) {
                        stack.push(new Frame(entry, state));
                        state = next;
                        linearized = after;
                        deepest = Math.max(deepest, stack.size());
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                if (stack.isEmpty()) {
                    return new Result(false, describe(key, ops, entry.op, deepest));
                }
                Frame frame = stack.pop();
                state = frame.state();
                linearized = (BitSet) linearized.clone();
                linearized.clear(frame.call().op);
                unlift(frame.call());
                entry = frame.call().next;
            }
        }
        return new Result(true, "");
    }

    /** The register's new value after {@code op}, or Long.MIN_VALUE when op cannot happen in {@code state}. */
    private static long step(long state, History.Op op) {
        boolean known = op.outcome == History.Outcome.OK;
        return switch (op.kind) {
            case PUT -> op.value;
            case INCR -> !known || (long) op.result == state + 1 ? state + 1 : Long.MIN_VALUE;
            case GET -> (long) op.result == state ? state : Long.MIN_VALUE;
            case PROBE -> state;
            case COMMAND -> throw new IllegalArgumentException("not a key-value operation: " + op);
        };
    }

    private static void lift(Node call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Node ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Node call) {
        Node ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }

    private static String describe(String key, List<History.Op> ops, int stuck, int deepest) {
        StringBuilder out = new StringBuilder("key " + key + " is not linearizable: no order explains "
                + ops.get(stuck) + " (best prefix " + deepest + " of " + ops.size() + " ops). Operations:");
        List<History.Op> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingLong(op -> op.call));
        int from = Math.max(0, sorted.indexOf(ops.get(stuck)) - 25);
        int to = Math.min(sorted.size(), from + 40);
        for (History.Op op : sorted.subList(from, to)) {
            out.append("\n      ").append(op);
        }
        return out.toString();
    }
}
