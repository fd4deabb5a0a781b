package io.raftboot.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Lets an event loop hold the raft-thread wakes it causes while it works through one pass of ready
 * connections, and give them once at the end of the pass. Without it, the first request read in a
 * pass wakes the raft thread, which proposes that one request alone while the loop reads the next
 * ones: each proposal then costs its own log write and its own append to every peer. Work is queued
 * at once as before; only the wake waits, for as long as the pass lasts.
 */
public final class DeferredWakes {
    private static final ThreadLocal<DeferredWakes> CURRENT = new ThreadLocal<>();

    private final List<Mailbox<?>> held = new ArrayList<>(2);
    private boolean open;

    private DeferredWakes() {
    }

    /**
     * Called on an event loop thread: wakes asked for on this thread are held until {@code loop} runs
     * the task this queues, which an event loop does once it has handled the ready connections.
     */
    public static void holdUntilNextTask(Executor loop) {
        DeferredWakes wakes = CURRENT.get();
        if (wakes == null) {
            wakes = new DeferredWakes();
            CURRENT.set(wakes);
        }
        if (!wakes.open) {
            loop.execute(wakes::release); // a loop shutting down refuses it: then nothing is held
            wakes.open = true;
        }
    }

    /** True when the calling thread holds wakes now and took this one; it then wakes {@code mailbox} later. */
    static boolean hold(Mailbox<?> mailbox) {
        DeferredWakes wakes = CURRENT.get();
        if (wakes == null || !wakes.open) {
            return false;
        }
        if (!wakes.held.contains(mailbox)) {
            wakes.held.add(mailbox);
        }
        return true;
    }

    private void release() {
        open = false;
        for (Mailbox<?> mailbox : held) {
            mailbox.wakeNow();
        }
        held.clear();
    }
}
