package io.raftboot.node;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.RaftMetrics;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.LogView;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.resp.CommandNameTable;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply thread: runs every user handler, in log order for writes, and captures snapshots (on
 * request, or when the {@link SnapshotPolicy} finds one due at a periodic check). Work arrives in
 * batches; reads wait here until the applied index reaches theirs.
 */
final class ApplyLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ApplyLoop.class);
    /** What the replay reads at a time: the first entries apply early, and memory holds one chunk, not the log. */
    private static final long REPLAY_CHUNK_BYTES = 1 << 20;

    /** Work for the apply thread. */
    sealed interface Task {
    }

    /** Entries to apply; {@code committedNanos} is when the raft thread handed them over (for the write stages). */
    record Committed(List<Entry> entries, long committedNanos) implements Task {
        Committed(List<Entry> entries) {
            this(entries, System.nanoTime());
        }
    }

    /**
     * Applies the committed entries up to {@code through}, read straight from the durable log: the
     * replay at start-up, queued before anything else.
     */
    record Replay(LogView log, long through) implements Task {
    }

    record Read(PendingRead read, Supplier<Boolean> gate, Consumer<PendingRead> onGateFailed) implements Task {
    }

    /** Replaces the state with a snapshot of {@code sizeBytes} bytes (its whole file). */
    record Restore(SnapshotMeta meta, long sizeBytes, StreamOpener data, Runnable done) implements Task {
    }

    /** An explicit snapshot ({@code RAFTSNAPSHOT}): taken now, whatever the policy says. */
    record Capture(CompletableFuture<Void> done) implements Task {
    }

    /** The periodic question to the snapshot policy ({@code raft.snapshot.interval}). */
    record CheckSnapshot() implements Task {
    }

    record CaptureDone(SnapshotMeta meta, long sizeBytes, Throwable failure) implements Task {
    }

    record Stop() implements Task {
    }

    /**
     * Writes a captured snapshot away from the apply thread; completes with the written file's size in
     * bytes once written and the log compacted.
     */
    @FunctionalInterface
    interface CaptureHandler {
        CompletableFuture<Long> persist(SnapshotMeta meta, SnapshotWriter writer);
    }

    /** Opens a snapshot's data. */
    @FunctionalInterface
    interface StreamOpener {
        InputStream open() throws IOException;
    }

    private final StateMachine stateMachine;
    /** By name bytes in any case: an entry's name is looked up without a String per entry. */
    private final CommandNameTable<CommandSpec> commands;
    private final ConcurrentHashMap<Long, PendingWrite> writes;
    private final long incarnation;
    private final RaftMetrics metrics;
    private final ExecutorService concurrentReads;
    private final Consumer<Throwable> onFatal;
    private final CaptureHandler onCaptured;
    private final List<CompletableFuture<Void>> captureWaiters = new ArrayList<>();
    private final SnapshotPolicy snapshotPolicy;
    /**
     * Lock-free, and the apply thread is unparked only when it parks: the raft thread hands over a
     * batch without taking a lock the apply thread holds, and tasks queued while the apply thread
     * works cost no wake-up; the next batch takes them all.
     */
    private final Mailbox<Task> queue = new Mailbox<>();
    private final PriorityQueue<Read> waiting = new PriorityQueue<>(Comparator.comparingLong(r -> r.read().minIndex));
    private final Applier localApplier = new LocalApplier(true);
    private final Applier remoteApplier = new LocalApplier(false);

    private volatile long appliedIndex;
    private volatile long appliedTerm;
    private volatile long lastSnapshotIndex;
    private long lastTimestamp;
    /**
     * The clock as the previous entry of this batch finished: the next entry's start. One clock read
     * per applied entry (two on the leader, whose reply is timed too) instead of one more for each
     * start; what runs between two entries (the previous one's latency records) counts towards the
     * later one's apply time.
     */
    private long entryStartNanos;
    /** Local writes answered in this batch: their stage timers are recorded after it, outside any entry's time. */
    private final ArrayList<PendingWrite> answered = new ArrayList<>();
    // log growth for the snapshot policy, counted from the entries applied here rather than asked of
    // the log store: bytes applied since start, and that count where the last snapshot (and the one
    // being written) was captured
    private long appliedLogBytes;
    private long logBytesAtSnapshot;
    private long logBytesAtCapture;
    private long lastSnapshotSize;
    private Configuration configuration;
    private boolean captureInFlight;
    private volatile boolean stopped;
    private volatile boolean restoring;

    ApplyLoop(StateMachine stateMachine, Map<String, CommandSpec> commands, ConcurrentHashMap<Long, PendingWrite> writes,
              long incarnation, RaftMetrics metrics, ExecutorService concurrentReads, Consumer<Throwable> onFatal,
              CaptureHandler onCaptured, SnapshotPolicy snapshotPolicy, SnapshotMeta start, long startSnapshotSize) {
        this.stateMachine = stateMachine;
        this.commands = CommandNameTable.of(commands);
        this.writes = writes;
        this.incarnation = incarnation;
        this.metrics = metrics;
        this.concurrentReads = concurrentReads;
        this.onFatal = onFatal;
        this.onCaptured = onCaptured;
        this.snapshotPolicy = snapshotPolicy;
        this.lastSnapshotSize = startSnapshotSize;
        this.appliedIndex = start.index();
        this.appliedTerm = start.term();
        this.lastSnapshotIndex = start.index();
        this.configuration = start.configuration();
    }

    void submit(Task task) {
        queue.post(task);
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long appliedTerm() {
        return appliedTerm;
    }

    /** A snapshot from the leader is queued or being restored: local state is not usable for reads. */
    boolean restoring() {
        return restoring;
    }

    void beginRestore() {
        restoring = true;
    }

    long lastSnapshotIndex() {
        return lastSnapshotIndex;
    }

    /** Tasks queued and not yet taken (approximate; for RAFTSTATS fsm_pending). */
    int pending() {
        return queue.size();
    }

    @Override
    public void run() {
        queue.bind(Thread.currentThread());
        List<Task> batch = new ArrayList<>();
        try {
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                queue.drainTo(batch);
                if (batch.isEmpty()) {
                    queue.await();
                    continue;
                }
                for (Task task : batch) {
                    holdingWakes(() -> handle(task));
                    if (stopped) {
                        break;
                    }
                }
                batch.clear();
                holdingWakes(this::runWaitingReads);
            }
        } catch (Error | RuntimeException e) {
            log.error("apply thread stopped: {}", e.toString(), e);
            onFatal.accept(e);
        } finally {
            for (Read read : waiting) {
                read.read().reply.complete(Replies.SHUTDOWN);
            }
            waiting.clear();
            for (Task task : queue.drain()) {
                if (task instanceof Read r) {
                    r.read().reply.complete(Replies.SHUTDOWN);
                }
            }
        }
    }

    /**
     * The replies {@code work} completes reach each event loop with one wake at its end (and at least
     * every {@link DeferredWakes#MAX_HELD_TASKS} replies): not one per reply while the loop keeps
     * falling asleep between entries of the batch.
     */
    private static void holdingWakes(Runnable work) {
        DeferredWakes.holdUntilReleased();
        try {
            work.run();
        } finally {
            DeferredWakes.releaseHeld();
        }
    }

    private void handle(Task task) {
        if (task instanceof Committed committed) {
            entryStartNanos = System.nanoTime();
            for (Entry entry : committed.entries()) {
                apply(entry, committed.committedNanos());
            }
            reportAnswered();
        } else if (task instanceof Replay replay) {
            replay(replay);
        } else if (task instanceof Read read) {
            if (read.read().minIndex <= appliedIndex) {
                runRead(read);
            } else {
                waiting.add(read);
            }
        } else if (task instanceof Restore restore) {
            restore(restore);
        } else if (task instanceof Capture capture) {
            capture(capture.done());
        } else if (task instanceof CheckSnapshot) {
            captureIfDue();
        } else if (task instanceof CaptureDone done) {
            captureDone(done);
        } else if (task instanceof Stop) {
            stopped = true;
        }
    }

    /**
     * Stops early when the node stops (its log may close under the read) and when a snapshot from the
     * leader will replace the whole state (its install may reset the log under the read).
     */
    private void replay(Replay replay) {
        while (appliedIndex < replay.through() && !stopped && !restoring) {
            List<Entry> chunk;
            try {
                chunk = replay.log().entries(appliedIndex + 1, replay.through() + 1, REPLAY_CHUNK_BYTES);
            } catch (RuntimeException e) {
                if (stopped || restoring) {
                    return;
                }
                throw e;
            }
            long now = System.nanoTime();
            entryStartNanos = now;
            for (Entry entry : chunk) {
                if (stopped) {
                    return;
                }
                apply(entry, now);
            }
        }
    }

    private void apply(Entry entry, long committedNanos) {
        if (entry.index() <= appliedIndex) {
            return;
        }
        if (entry.index() != appliedIndex + 1) {
            throw new IllegalStateException("apply gap: applied " + appliedIndex + ", next entry " + entry.index());
        }
        if (entry.type() == EntryType.COMMAND) {
            applyCommand(entry, committedNanos);
        } else if (entry.type() == EntryType.CONFIGURATION) {
            configuration = ConfigurationCodec.decode(entry.data());
        }
        // as flow control counts an entry: its payload plus the record around it
        appliedLogBytes += Entry.OVERHEAD + (entry.data() == null ? 0 : entry.data().length);
        appliedTerm = entry.term();
        appliedIndex = entry.index();
    }

    private void applyCommand(Entry entry, long committedNanos) {
        long start = entryStartNanos;
        CommandPayload payload = CommandPayload.decode(entry.data());
        // never below the previous entry's: the same rule on every member keeps it deterministic
        lastTimestamp = Math.max(lastTimestamp, payload.timestampMillis());
        PendingWrite pending = payload.originIncarnation() == incarnation ? writes.remove(payload.requestId()) : null;
        boolean local = pending != null;
        Command command = new Command(payload.args());
        CommandSpec spec = commands.get(payload.args()[0]);
        RespValue reply;
        if (spec == null) {
            // possible only when members run different command sets: deterministic either way
            reply = Replies.unknownCommand(command.name());
        } else {
            CommandContext context = new CommandContext(entry.index(), entry.term(), lastTimestamp,
                    CommandContext.seedFor(entry.index(), entry.term()), local);
            reply = invoke(spec, command, context, local ? localApplier : remoteApplier);
        }
        long applied = System.nanoTime();
        entryStartNanos = applied;
        metrics.applyLatency(applied - start);
        if (pending != null) {
            metrics.commitLatency(applied - pending.createdNanos);
            pending.reply.complete(reply);
            long handedOver = System.nanoTime();
            entryStartNanos = handedOver;
            pending.stamped(committedNanos, applied, handedOver);
            answered.add(pending);
        }
    }

    private void reportAnswered() {
        for (PendingWrite write : answered) {
            write.reportStages(metrics);
        }
        answered.clear();
    }

    private static RespValue invoke(CommandSpec spec, Command command, CommandContext context, Applier applier) {
        try {
            return Replies.toReply(spec.handler().handle(command, context, applier));
        } catch (RuntimeException e) {
            return Replies.toError(e);
        }
    }

    private void runWaitingReads() {
        while (!waiting.isEmpty() && waiting.peek().read().minIndex <= appliedIndex) {
            runRead(waiting.poll());
        }
    }

    private void runRead(Read task) {
        PendingRead read = task.read();
        if (read.reply.isDone()) {
            return;
        }
        if (task.gate() != null && !task.gate().get()) {
            task.onGateFailed().accept(read);
            return;
        }
        CommandContext context = new CommandContext(appliedIndex, appliedTerm, System.currentTimeMillis(),
                CommandContext.seedFor(appliedIndex, appliedTerm), true);
        if (read.spec.concurrentRead()) {
            concurrentReads.execute(() -> read.reply.complete(invokeRead(read, context)));
        } else {
            read.reply.complete(invokeRead(read, context));
        }
    }

    private RespValue invokeRead(PendingRead read, CommandContext context) {
        try {
            return Replies.toReply(read.spec.handler().handle(read.command, context, localApplier));
        } catch (RuntimeException e) {
            return Replies.toError(e);
        } catch (Error e) {
            onFatal.accept(e);
            throw e;
        }
    }

    private void restore(Restore restore) {
        try (InputStream in = restore.data().open()) {
            stateMachine.restore(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore snapshot at index " + restore.meta().index() + ": "
                    + e.getMessage(), e);
        }
        SnapshotMeta meta = restore.meta();
        appliedIndex = meta.index();
        appliedTerm = meta.term();
        lastSnapshotIndex = meta.index();
        logBytesAtSnapshot = appliedLogBytes;
        lastSnapshotSize = restore.sizeBytes();
        configuration = meta.configuration();
        restoring = false;
        log.info("state restored from snapshot at index {} term {}", meta.index(), meta.term());
        restore.done().run();
    }

    private void captureIfDue() {
        if (!captureInFlight && snapshotPolicy.due(appliedIndex - lastSnapshotIndex,
                appliedLogBytes - logBytesAtSnapshot, lastSnapshotSize)) {
            capture(null);
        }
    }

    private void capture(CompletableFuture<Void> done) {
        if (done != null) {
            captureWaiters.add(done);
        }
        if (captureInFlight) {
            return;
        }
        if (appliedIndex == lastSnapshotIndex) {
            completeWaiters(null);
            return;
        }
        SnapshotMeta meta = new SnapshotMeta(appliedIndex, appliedTerm, configuration);
        SnapshotWriter writer = stateMachine.snapshot();
        captureInFlight = true;
        logBytesAtCapture = appliedLogBytes;
        onCaptured.persist(meta, writer).whenComplete((size, failure) ->
                queue.post(new CaptureDone(meta, size == null ? SnapshotPolicy.NO_SNAPSHOT : size, failure)));
    }

    private void captureDone(CaptureDone done) {
        captureInFlight = false;
        if (done.failure() == null) {
            // a snapshot installed from the leader while this one was written is newer: it stays the base
            if (done.meta().index() > lastSnapshotIndex) {
                lastSnapshotIndex = done.meta().index();
                logBytesAtSnapshot = logBytesAtCapture;
                lastSnapshotSize = done.sizeBytes();
            }
        } else {
            log.error("snapshot at index {} failed: {}", done.meta().index(), done.failure().toString());
        }
        completeWaiters(done.failure());
    }

    private void completeWaiters(Throwable failure) {
        for (CompletableFuture<Void> waiter : captureWaiters) {
            if (failure == null) {
                waiter.complete(null);
            } else {
                waiter.completeExceptionally(failure);
            }
        }
        captureWaiters.clear();
    }

    void stop() {
        stopped = true;
        // at once, never held for an event loop's pass: whoever stops the node then waits for this thread
        queue.postQuietly(new Stop());
        queue.wakeNow();
    }

    private final class LocalApplier implements Applier {
        private final boolean local;

        LocalApplier(boolean local) {
            this.local = local;
        }

        @Override
        public <T> Object write(Supplier<T> mutate, Function<? super T, ?> respond) {
            T result = mutate.get();
            return local ? respond.apply(result) : null;
        }

        @Override
        public <T> Object read(Supplier<T> read, Function<? super T, ?> respond) {
            return respond.apply(read.get());
        }
    }
}
