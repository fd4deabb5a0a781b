package io.raftboot.consensus.sim;

import java.util.PriorityQueue;

/**
 * Simulated time: events run in time order, ties broken by the order they were scheduled, so a run
 * depends only on its seed. Time is in microseconds.
 */
final class EventQueue {

    private record Event(long time, long seq, String label, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long seq;
    private String currentLabel = "start";

    long now() {
        return now;
    }

    String currentLabel() {
        return currentLabel;
    }

    void at(long time, String label, Runnable action) {
        events.add(new Event(Math.max(time, now), seq++, label, action));
    }

    void after(long delay, String label, Runnable action) {
        at(now + delay, label, action);
    }

    /** Runs the next event if one is due by {@code until}; false when none is. */
    boolean runNext(long until) {
        Event next = events.peek();
        if (next == null || next.time > until) {
            now = Math.max(now, until);
            return false;
        }
        events.poll();
        now = next.time;
        currentLabel = next.label;
        next.action.run();
        return true;
    }
}
