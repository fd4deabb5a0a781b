package io.raftboot.node;

import io.netty.util.concurrent.AbstractEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Lets a thread hold the wakes it causes while it works through one pass, and give each once at the
 * end of the pass. Work is queued at once as before; only the wake waits, for as long as the pass
 * lasts.
 *
 * <p>An event loop's pass over ready connections holds its raft-thread wakes: without that, the
 * first request read in a pass wakes the raft thread, which proposes that one request alone while
 * the loop reads the next ones, and each proposal then costs its own log write and its own append to
 * every peer.
 *
 * <p>The apply thread's pass over one task holds the event-loop wakes of the replies it completes:
 * without that, the first reply of a batch wakes its connection's loop, which writes it and goes
 * back to sleep while the apply thread runs the next entry, and the next reply wakes it again.
 */
public final class DeferredWakes {
    private static final ThreadLocal<DeferredWakes> CURRENT = new ThreadLocal<>();
    /**
     * Replies queued on sleeping loops before they are woken anyway: bounds their wait in a long pass
     * (about a millisecond of applying). Large enough for a whole batch of a pipelined load (50
     * clients at depth 16 keep 800 writes in flight): woken every 64 replies, a loop wrote each
     * connection's one or two replies with a system call of its own, about 15% more writes and 12%
     * more context switches on the leader under SET -P 16 (BENCHMARKS.md, issue 12).
     */
    static final int MAX_HELD_TASKS = 1024;

    private final List<Mailbox<?>> held = new ArrayList<>(2);
    private final List<AbstractEventExecutor> heldLoops = new ArrayList<>(2);
    private int heldTasks;
    private boolean open;

    private DeferredWakes() {
    }

    private static DeferredWakes current() {
        DeferredWakes wakes = CURRENT.get();
        if (wakes == null) {
            wakes = new DeferredWakes();
            CURRENT.set(wakes);
        }
        return wakes;
    }

    /**
     * Called on an event loop thread: wakes asked for on this thread are held until {@code loop} runs
     * the task this queues, which an event loop does once it has handled the ready connections.
     */
    public static void holdUntilNextTask(Executor loop) {
        DeferredWakes wakes = current();
        if (!wakes.open) {
            loop.execute(wakes::release); // a loop shutting down refuses it: then nothing is held
            wakes.open = true;
        }
    }

    /** Holds the calling thread's wakes until {@link #releaseHeld()} (the apply thread, around one task). */
    static void holdUntilReleased() {
        current().open = true;
    }

    /** Gives the wakes the calling thread held, and holds no more. */
    static void releaseHeld() {
        DeferredWakes wakes = CURRENT.get();
        if (wakes != null) {
            wakes.release();
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

    /**
     * Any thread: runs {@code task} on {@code loop}. While the calling thread holds its wakes, the task is
     * queued at once, in order with everything else this thread gives that loop, and the loop is woken
     * once at the end of the pass (a loop that is awake runs it without that wake).
     */
    public static void execute(Executor loop, Runnable task) {
        DeferredWakes wakes = CURRENT.get();
        if (wakes == null || !wakes.open || !(loop instanceof AbstractEventExecutor eventLoop)) {
            loop.execute(task);
            return;
        }
        eventLoop.lazyExecute(task);
        if (!wakes.heldLoops.contains(eventLoop)) {
            wakes.heldLoops.add(eventLoop);
        }
        if (++wakes.heldTasks >= MAX_HELD_TASKS) {
            wakes.wakeLoops();
        }
    }

    private void release() {
        open = false;
        for (Mailbox<?> mailbox : held) {
            mailbox.wakeNow();
        }
        held.clear();
        wakeLoops();
    }

    private void wakeLoops() {
        for (AbstractEventExecutor loop : heldLoops) {
            try {
                loop.execute(NOTHING); // wakes a loop waiting for I/O; it then runs every task queued before
            } catch (RejectedExecutionException stopped) {
                // the loop shut down, and its connections with it: nobody waits for those replies
            }
        }
        heldLoops.clear();
        heldTasks = 0;
    }

    private static final Runnable NOTHING = () -> { };
}
