package io.raftboot.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Work for one owner thread from any thread: the raft thread's tasks, the apply thread's batches.
 * The owner drains everything queued at once (a batch) and parks when nothing is queued.
 *
 * <p>A wake unparks the owner only when it is about to park or parked: a wake while it runs would
 * leave a permit behind, and the next park would return at once for a turn that finds one or two new
 * items, so that many wakes from client threads cut the work into tiny batches (each one a log write
 * and an append to every peer).
 */
final class Mailbox<T> {
    private final ConcurrentLinkedQueue<T> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean parking = new AtomicBoolean();
    private volatile Thread owner;

    void bind(Thread owner) {
        this.owner = owner;
    }

    void post(T task) {
        tasks.add(task);
        wake();
    }

    /**
     * Queues a task without waking the owner: it runs on the owner's next turn (a message, a proposal
     * or at the latest the next tick), before anything posted after it.
     */
    void postQuietly(T task) {
        tasks.add(task);
    }

    /**
     * Any thread, after queueing work the owner finds on its own (see {@link #await}); an event loop
     * inside a {@link DeferredWakes} pass gives the wake at the end of the pass.
     */
    void wake() {
        if (!DeferredWakes.hold(this)) {
            wakeNow();
        }
    }

    void wakeNow() {
        if (parking.get() && parking.compareAndSet(true, false)) {
            Thread t = owner;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    List<T> drain() {
        List<T> batch = new ArrayList<>();
        drainTo(batch);
        return batch;
    }

    /** Owner: moves everything queued to {@code batch}, in order. */
    void drainTo(Collection<? super T> batch) {
        T task;
        while ((task = tasks.poll()) != null) {
            batch.add(task);
        }
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Tasks queued now; walks the queue, so for status reports only. */
    int size() {
        return tasks.size();
    }

    /**
     * Parks the owner until {@code deadlineNanos} or a wake, unless a task or {@code moreWork} is
     * already waiting. Announcing the park before looking at the queues is what makes a wake that
     * races with it unpark the owner rather than go unseen.
     */
    void await(long deadlineNanos, BooleanSupplier moreWork) {
        parking.set(true);
        try {
            long wait = deadlineNanos - System.nanoTime();
            if (wait > 0 && tasks.isEmpty() && !moreWork.getAsBoolean()) {
                LockSupport.parkNanos(this, wait);
            }
        } finally {
            parking.set(false);
        }
    }

    /** Parks the owner until a wake (or an interrupt), unless a task is already waiting. */
    void await() {
        parking.set(true);
        try {
            if (tasks.isEmpty()) {
                LockSupport.park(this);
            }
        } finally {
            parking.set(false);
        }
    }
}
