package io.raftboot.storage;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The order in which the {@link LogWriter}'s groups become durable and their callbacks run, when
 * fsyncs may overlap. Groups are numbered as they are written. An fsync captured after a group was
 * written covers that group, but two fsyncs running at once may return in either order, and the one
 * that returns first need not cover what the other was syncing (another segment, the directory).
 * So a group counts as durable only once every fsync started up to its own has returned: nothing
 * is reported durable while something written before it may not be. A group that wrote nothing
 * (a vote, an acknowledgement promising earlier entries) needs what was started before it.
 *
 * <p>Callbacks run here, in group order, on the thread that makes them due (the one whose fsync
 * completed the prefix, or the writer itself when nothing is outstanding), under this object's
 * monitor, so that callbacks of two threads never interleave. After {@link #fail()} none run again.
 */
final class DurableOrder {
    private record Group(long needs, List<LogCommand> commands) {
    }

    /** One fsync in flight, covering every group up to {@code through}. */
    static final class Sync {
        private final long through;
        private boolean returned;

        private Sync(long through) {
            this.through = through;
        }
    }

    private final ArrayDeque<Sync> syncs = new ArrayDeque<>();
    private final ArrayDeque<Group> waiting = new ArrayDeque<>();
    private long written;
    private long lastCovered;
    private long durable;
    private boolean failed;

    /**
     * The writer wrote a group; with {@code syncing} an fsync of it is about to start and the
     * returned handle must be passed to {@link #returned} once it has. Without, its callbacks run as
     * soon as everything before it is durable (now, if nothing is outstanding).
     */
    synchronized Sync written(List<LogCommand> commands, boolean syncing) {
        written++;
        Sync sync = null;
        if (syncing) {
            sync = new Sync(written);
            syncs.add(sync);
            lastCovered = written;
        }
        waiting.add(new Group(lastCovered, commands));
        runDue();
        return sync;
    }

    /** The fsync behind {@code sync} returned successfully. */
    synchronized void returned(Sync sync) {
        sync.returned = true;
        while (!syncs.isEmpty() && syncs.peekFirst().returned) {
            durable = syncs.pollFirst().through;
        }
        runDue();
        notifyAll();
    }

    /** Waits until no fsync is in flight, e.g. before a truncation closes or rewrites a file. */
    synchronized void awaitNoSync() throws InterruptedException {
        while (!syncs.isEmpty() && !failed) {
            wait();
        }
        if (failed) {
            throw new StorageException("log writer stopped after a storage failure");
        }
    }

    /** A write or fsync failed: no callback runs again, and whoever waits stops waiting. */
    synchronized void fail() {
        failed = true;
        waiting.clear();
        notifyAll();
    }

    private void runDue() {
        while (!failed && !waiting.isEmpty() && waiting.peekFirst().needs <= durable) {
            for (LogCommand c : waiting.pollFirst().commands()) {
                LogWriter.runCallback(c);
            }
        }
    }
}
