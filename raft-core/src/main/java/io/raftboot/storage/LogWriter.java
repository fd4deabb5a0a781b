package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.HardState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Group commit on its own thread. Each round drains everything queued, saves the newest hard state
 * (MetaStore commits it durably), writes the entries in as few appends as possible, fsyncs once at
 * {@link Durability#HIGH}, and then runs the callbacks in submission order. Commands that truncate,
 * compact or reset the log run in order with the appends around them. There is no artificial wait
 * to fill a batch: whatever arrived while the previous round was on disk forms the next one.
 *
 * <p>At {@link Durability#HIGH}, with a store that can fsync beside its appends
 * ({@link LogStore#syncsBesideAppends()}), two threads share the work so that two fsyncs can be in
 * flight: one thread at a time holds the writer's role (drains, writes, captures what to fsync),
 * then gives the role up and fsyncs outside it, while the other takes the role and writes what
 * arrived meanwhile, and starts its own fsync at once instead of waiting for the first to return.
 * A write that arrives during an fsync thus waits for one fsync of its own, not for the rest of
 * another one first; on a disk that serves concurrent flushes (a virtual disk, an SSD) that is most
 * of the wait. Callbacks still run in submission order and only once everything before them is
 * durable ({@link DurableOrder}); truncation, compaction and reset wait until no fsync is in flight.
 *
 * <p>The commit-index hint is not saved inside a group: {@link #saveCommitHintLater} hands it to a
 * {@link CommitHintSaver} once the commands before it are persisted, so appends never wait for a
 * metadata commit that nothing waits for.
 *
 * <p>{@link Durability#MEDIUM}: callbacks right after the write; an fsync at least once a second
 * while something was written since the last one. {@link Durability#LOW}: never an explicit fsync.
 * Any failure calls {@code onFatal} once and stops the writer; nothing is retried, later callbacks
 * never run and later submissions are refused.
 *
 * <p>Every real fsync is reported to the {@code onSync} listener with its duration, here where it
 * happens: only this class knows whether a group was synced, so a count taken anywhere else would
 * count writes rather than fsyncs.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    static final long MEDIUM_SYNC_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LogStore store;
    private final MetaStore meta;
    private final Durability durability;
    private final Consumer<Throwable> onFatal;
    private final LongConsumer onSync;
    private final LinkedBlockingQueue<LogCommand> queue = new LinkedBlockingQueue<>();
    /** Held by the thread that drains, writes and captures; fsyncs run outside it. */
    private final ReentrantLock role = new ReentrantLock();
    private final DurableOrder order = new DurableOrder();
    private final List<Thread> threads = new ArrayList<>();
    private final CommitHintSaver hints;
    private volatile boolean closing;
    private volatile Throwable failure;
    // guarded by role
    private boolean unsynced;
    private boolean finished;
    private long lastSyncNanos = System.nanoTime();

    public LogWriter(LogStore log, MetaStore meta, Durability durability, Consumer<Throwable> onFatal) {
        this(log, meta, durability, onFatal, nanos -> { });
    }

    /**
     * @param onSync called on a writer thread after each fsync of the log with its duration in
     *               nanoseconds; must be cheap, it delays the callbacks of the group
     */
    public LogWriter(LogStore log, MetaStore meta, Durability durability, Consumer<Throwable> onFatal,
                     LongConsumer onSync) {
        this.onSync = Objects.requireNonNull(onSync, "onSync");
        this.store = Objects.requireNonNull(log, "log");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.durability = Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(onFatal, "onFatal");
        AtomicBoolean reported = new AtomicBoolean();
        // the writer and the hint saver share it; the node hears of the first failure only
        this.onFatal = t -> {
            if (reported.compareAndSet(false, true)) {
                onFatal.accept(t);
            }
        };
        this.hints = new CommitHintSaver(meta, this.onFatal);
        int workers = durability == Durability.HIGH && log.syncsBesideAppends() ? 2 : 1;
        for (int i = 1; i <= workers; i++) {
            Thread thread = new Thread(this::run, i == 1 ? "raft-log-writer" : "raft-log-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Queues an append (with optional hard state); never blocks. */
    public void submit(WriteBatch batch) {
        submit((LogCommand) batch);
    }

    /** Queues any log command, ordered with every other submission; never blocks. */
    public void submit(LogCommand command) {
        Objects.requireNonNull(command, "command");
        if (failure != null) {
            throw new StorageException("log writer stopped after a storage failure", failure);
        }
        if (closing) {
            throw new IllegalStateException("log writer is closed");
        }
        queue.add(command);
    }

    /**
     * Records the commit hint once everything submitted before it is persisted, then in the
     * background. The order is the rule of docs/DURABILITY.md: a hint never reaches the disk before
     * the entries, truncation or snapshot install it refers to (a restart checks the hint's term
     * against the log as well, so a hint that got ahead anyway is ignored, never believed). The save
     * itself holds nothing back.
     */
    public void saveCommitHintLater(CommitHint hint) {
        submit(new WriteBatch(null, List.of(), () -> hints.offer(hint)));
    }

    /** The failure that stopped the writer, if any. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (true) {
                Runnable sync;
                role.lock();
                try {
                    if (finished || failure != null) {
                        break;
                    }
                    LogCommand first = awaitWork();
                    if (first == null) {
                        if (closing && queue.isEmpty()) {
                            if (unsynced && durability != Durability.LOW) {
                                syncNow();
                            }
                            finished = true;
                            break;
                        }
                        syncIfMediumDue();
                        continue;
                    }
                    List<LogCommand> group = new ArrayList<>();
                    group.add(first);
                    queue.drainTo(group);
                    sync = process(group);
                } finally {
                    role.unlock();
                }
                if (sync != null) {
                    sync.run(); // outside the role: the other thread may write and fsync meanwhile
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = t;
        }
        order.fail();
        log.error("log writer stopped: storage failure is fatal and is not retried", t);
        onFatal.accept(t);
    }

    private LogCommand awaitWork() throws InterruptedException {
        if (closing) {
            return queue.poll();
        }
        if (durability == Durability.MEDIUM && unsynced) {
            long wait = MEDIUM_SYNC_INTERVAL_NANOS - (System.nanoTime() - lastSyncNanos);
            return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
        }
        return queue.poll(100, TimeUnit.MILLISECONDS);
    }

    /** Writes a group; returns the fsync to run once the role is given up, or null when there is none. */
    private Runnable process(List<LogCommand> group) throws InterruptedException {
        HardState newest = null;
        for (LogCommand c : group) {
            if (c instanceof WriteBatch b && b.hardState() != null) {
                newest = b.hardState();
            }
        }
        if (newest != null) {
            meta.saveHardState(newest);
        }
        List<Entry> pending = new ArrayList<>();
        for (LogCommand c : group) {
            if (c instanceof WriteBatch b) {
                if (!b.entries().isEmpty()) {
                    if (!pending.isEmpty() && b.entries().get(0).index() != pending.get(pending.size() - 1).index() + 1) {
                        flush(pending);
                    }
                    pending.addAll(b.entries());
                }
            } else {
                flush(pending);
                order.awaitNoSync(); // a truncation may close or rewrite a file an fsync is working on
                apply(c);
            }
        }
        flush(pending);
        if (unsynced && durability == Durability.HIGH) {
            return startSync(group);
        }
        if (unsynced) {
            syncIfMediumDue();
        }
        order.written(group, false);
        return null;
    }

    /** Captures the fsync of everything written so far; the returned task runs it and reports it. */
    private Runnable startSync(List<LogCommand> group) {
        long start = System.nanoTime();
        Runnable fsync = store.syncLater();
        unsynced = false;
        lastSyncNanos = start;
        DurableOrder.Sync sync = order.written(group, true);
        return () -> {
            fsync.run();
            onSync.accept(System.nanoTime() - start);
            order.returned(sync);
        };
    }

    private void flush(List<Entry> pending) throws InterruptedException {
        if (!pending.isEmpty()) {
            if (pending.get(0).index() <= store.lastIndex()) {
                order.awaitNoSync(); // the append replaces a suffix: a truncation like any other
            }
            store.append(pending);
            unsynced = true;
            pending.clear();
        }
    }

    private void apply(LogCommand c) {
        if (c instanceof LogCommand.TruncateSuffix t) {
            store.truncateSuffix(t.fromIndex());
        } else if (c instanceof LogCommand.CompactPrefix p) {
            store.compactPrefix(p.upToIndex());
        } else if (c instanceof LogCommand.Reset r) {
            store.reset(r.index());
        }
        unsynced = true;
    }

    private void syncIfMediumDue() {
        if (durability == Durability.MEDIUM && unsynced && System.nanoTime() - lastSyncNanos >= MEDIUM_SYNC_INTERVAL_NANOS) {
            syncNow();
        }
    }

    /** An fsync on the role's thread, for what no callback waits on (MEDIUM's timer, closing). */
    private void syncNow() {
        long start = System.nanoTime();
        store.sync();
        unsynced = false;
        lastSyncNanos = System.nanoTime();
        onSync.accept(lastSyncNanos - start);
    }

    static void runCallback(LogCommand c) {
        try {
            c.onDone().run();
        } catch (RuntimeException e) {
            // a failing callback is the caller's bug; it must not stop persistence for everyone else
            log.error("log writer callback failed", e);
        }
    }

    /** Finishes every queued command (callbacks included), syncs unless LOW, and stops the threads. */
    @Override
    public void close() {
        closing = true;
        if (threads.contains(Thread.currentThread())) {
            hints.close();
            return; // called from a callback: the loop ends once the queue is drained
        }
        queue.add(new WriteBatch(null, List.of(), LogCommand.NOTHING)); // wakes a writer waiting for work
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hints.close();
    }
}
