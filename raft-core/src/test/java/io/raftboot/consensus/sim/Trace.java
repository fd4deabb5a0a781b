package io.raftboot.consensus.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The tail of what happened in a run, kept cheaply (objects, formatted only on failure), or printed
 * as it happens when a single seed is replayed with {@code -Dsim.trace=true}.
 */
final class Trace {
    private record Line(long time, String node, Object what) {
        @Override
        public String toString() {
            return String.format("%9.3fms %-4s %s", time / 1000.0, node, what);
        }
    }

    private final ArrayDeque<Line> tail = new ArrayDeque<>();
    private final int capacity;
    private final boolean print;

    Trace(int capacity, boolean print) {
        this.capacity = capacity;
        this.print = print;
    }

    void add(long time, String node, Object what) {
        Line line = new Line(time, node, what);
        if (print) {
            System.out.println(line);
        }
        if (tail.size() == capacity) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Line line : tail) {
            out.add(line.toString());
        }
        return out;
    }
}
