package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Saves the commit-index hint on a thread of its own. The hint only shortens a restart's replay, so
 * nothing waits for it; saving it in the log writer's group would hold every append behind a metadata
 * commit (several fsyncs). Only the newest hint is kept; it never moves back. A failed save is a
 * storage failure: {@code onFatal} runs once and the saver stops.
 */
final class CommitHintSaver implements AutoCloseable {
    private final MetaStore meta;
    private final Consumer<Throwable> onFatal;
    private final AtomicReference<CommitHint> wanted = new AtomicReference<>(CommitHint.NONE);
    private final Thread thread;
    private CommitHint saved;
    private volatile boolean closing;
    private volatile boolean failed;

    CommitHintSaver(MetaStore meta, Consumer<Throwable> onFatal) {
        this.meta = Objects.requireNonNull(meta, "meta");
        this.onFatal = Objects.requireNonNull(onFatal, "onFatal");
        this.saved = meta.commitHint();
        this.thread = new Thread(this::run, "raft-commit-hint");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Any thread; never blocks. */
    void offer(CommitHint hint) {
        if (wanted.getAndAccumulate(hint, CommitHint::max).index() < hint.index()) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (!closing && !failed) {
            if (!saveWanted()) {
                LockSupport.park(this);
            }
        }
    }

    /** Saves the newest hint if it is ahead of the saved one; false when there was nothing to save. */
    private boolean saveWanted() {
        CommitHint hint = wanted.get();
        if (hint.index() <= saved.index() || failed) {
            return false;
        }
        try {
            meta.saveCommitHint(hint);
            saved = hint;
        } catch (RuntimeException | Error e) {
            failed = true;
            onFatal.accept(e);
        }
        return true;
    }

    /** Stops the thread, then saves the newest hint on the calling thread. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        saveWanted();
    }
}
