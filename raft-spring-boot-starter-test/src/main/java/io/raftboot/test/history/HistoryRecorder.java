package io.raftboot.test.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records operations from many client threads: {@link #invoke} just before the request is sent,
 * then exactly one of {@link Pending#ok}, {@link Pending#fail}, {@link Pending#unknown} once the
 * client knows. Times are monotonic ({@link System#nanoTime()}) relative to the recorder's start.
 * An operation never completed (its client was stopped mid-flight) counts as unknown.
 */
public final class HistoryRecorder {
    private final long origin = System.nanoTime();
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentLinkedQueue<Pending> operations = new ConcurrentLinkedQueue<>();
    private final AtomicLong acknowledged = new AtomicLong();

    /**
     * Records that {@code process} is about to send {@code command key [input]}.
     *
     * @param input the argument after the key that the model needs (the value a SET writes), or null
     */
    public Pending invoke(int process, String key, String command, String input) {
        Pending pending = new Pending(ids.getAndIncrement(), process, key, command, input, now());
        operations.add(pending);
        return pending;
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    /** Operations completed {@link Outcome#OK} so far: a test waits on it to know the cluster made progress. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Every operation so far, in invocation order; those still in flight as unknown. */
    public List<Operation> history() {
        List<Operation> out = new ArrayList<>();
        for (Pending p : operations) {
            out.add(p.toOperation());
        }
        out.sort(Comparator.comparingLong(Operation::invokeNanos).thenComparingLong(Operation::id));
        return out;
    }

    /** One operation in flight. Completing it twice is a bug in the caller. */
    public final class Pending {
        private final long id;
        private final int process;
        private final String key;
        private final String command;
        private final String input;
        private final long invoked;
        private volatile Operation completed;

        private Pending(long id, int process, String key, String command, String input, long invoked) {
            this.id = id;
            this.process = process;
            this.key = key;
            this.command = command;
            this.input = input;
            this.invoked = invoked;
        }

        public void ok(String output) {
            complete(Outcome.OK, output);
        }

        public void fail() {
            complete(Outcome.FAIL, null);
        }

        public void unknown() {
            complete(Outcome.UNKNOWN, null);
        }

        private void complete(Outcome outcome, String output) {
            if (completed != null) {
                throw new IllegalStateException("operation " + id + " completed twice");
            }
            completed = new Operation(id, process, key, command, input, outcome, output, invoked, now());
            if (outcome == Outcome.OK) {
                acknowledged.incrementAndGet();
            }
        }

        private Operation toOperation() {
            Operation done = completed;
            return done != null ? done : new Operation(id, process, key, command, input, Outcome.UNKNOWN, null, invoked, invoked);
        }
    }
}
