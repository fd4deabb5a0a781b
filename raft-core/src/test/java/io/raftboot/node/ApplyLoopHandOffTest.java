package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftMetrics;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.resp.RespValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off from the raft thread to the apply thread: batches queued while the apply thread works
 * are never lost nor reordered, and a stop is never held back by an event loop's pass.
 */
class ApplyLoopHandOffTest {
    private static final long INCARNATION = 7;
    private static final SnapshotMeta START = new SnapshotMeta(0, 0,
            Configuration.ofVoters(List.of(new Member("n1", "127.0.0.1:1", true))));

    private static final SnapshotPolicy NEVER_SNAPSHOT = new SnapshotPolicy(Long.MAX_VALUE, Double.MAX_VALUE, Long.MAX_VALUE);

    private final ConcurrentHashMap<Long, PendingWrite> writes = new ConcurrentHashMap<>();
    private final ExecutorService reads = Executors.newSingleThreadExecutor();
    /** The log order in which the state machine ran the writes. */
    private final ConcurrentLinkedQueue<Long> appliedOrder = new ConcurrentLinkedQueue<>();
    private ApplyLoop apply;
    private ApplyThread running;

    private void start() {
        CommandSpec append = CommandSpec.write("APPEND", 2, (command, context) -> {
            appliedOrder.add(context.index());
            return "applied " + command.string(1);
        });
        apply = new ApplyLoop(new KvStateMachine(), Map.of("APPEND", append), writes, INCARNATION, RaftMetrics.NONE,
                reads, t -> { }, (meta, writer) -> new CompletableFuture<>(), NEVER_SNAPSHOT, START, 0);
        running = new ApplyThread(apply);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null) {
            running.close();
        }
        reads.shutdownNow();
    }

    @Test
    void batchesHandedOverOneAtATimeAreAllAppliedInLogOrderEachAnsweredWithItsOwnReply() {
        start();
        int batches = 5_000;
        List<CompletableFuture<RespValue>> replies = new ArrayList<>();
        long index = 1;
        for (int b = 0; b < batches; b++) {
            // one or two entries per batch, each a local write waiting for its reply: many batches
            // arrive while the apply thread is still working, some while it is about to park
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i <= b % 2; i++, index++) {
                CompletableFuture<RespValue> reply = new CompletableFuture<>();
                writes.put(index, new PendingWrite(index, new byte[0], reply));
                entries.add(new Entry(index, 1, EntryType.COMMAND,
                        CommandPayload.encode(INCARNATION, index, Command.of("APPEND", "w" + index))));
                replies.add(reply);
            }
            apply.submit(new ApplyLoop.Committed(entries));
        }
        // a lost hand-off would leave a reply unanswered: join() would then never return
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).join()).isEqualTo(RespValue.bulk("applied w" + (i + 1)));
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i < index; i++) {
            expected.add(i);
        }
        assertThat(appliedOrder).containsExactlyElementsOf(expected);
        assertThat(apply.appliedIndex()).isEqualTo(index - 1);
        assertThat(writes).isEmpty();
    }

    @Test
    void aStopFromInsideAnEventLoopPassIsNotHeldUntilThePassEnds() throws InterruptedException {
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.thread.getState() == Thread.State.WAITING);
        List<Runnable> loopTasks = new ArrayList<>();
        // an event loop holding its wakes: a node closed from that loop waits for the apply thread,
        // so a stop held until the loop's next task would never be seen
        DeferredWakes.holdUntilNextTask(loopTasks::add);
        try {
            apply.stop();
            running.thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(running.thread.isAlive()).as("the apply thread saw the stop").isFalse();
        } finally {
            loopTasks.forEach(Runnable::run);
        }
    }
}
