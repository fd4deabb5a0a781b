package io.raftboot.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Tasks for the raft thread from any thread. The owner drains everything queued at once (a batch)
 * and parks until the next tick when nothing is queued.
 */
final class Mailbox {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile Thread owner;

    void bind(Thread owner) {
        this.owner = owner;
    }

    void post(Runnable task) {
        tasks.add(task);
        wake();
    }

    void wake() {
        Thread t = owner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    List<Runnable> drain() {
        List<Runnable> batch = new ArrayList<>();
        Runnable task;
        while ((task = tasks.poll()) != null) {
            batch.add(task);
        }
        return batch;
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Parks the owner until {@code deadlineNanos} or a post. */
    void await(long deadlineNanos) {
        long wait = deadlineNanos - System.nanoTime();
        if (wait > 0 && tasks.isEmpty()) {
            LockSupport.parkNanos(this, wait);
        }
    }
}
