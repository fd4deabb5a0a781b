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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the apply thread feeds the snapshot policy: log bytes counted from the entries it applies, the
 * last snapshot's size from the start, from each written snapshot and from an installed one, and
 * explicit snapshots that do not ask the policy.
 */
class ApplyLoopSnapshotTriggerTest {
    private static final SnapshotMeta START = new SnapshotMeta(10, 1,
            Configuration.ofVoters(List.of(new Member("n1", "127.0.0.1:1", true))));
    private static final long UNCAPPED = Long.MAX_VALUE;
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Captures handed to the snapshot writer; each completes when the test says so. */
    private final List<Capture> captures = new CopyOnWriteArrayList<>();
    private final ExecutorService reads = Executors.newSingleThreadExecutor();
    private ApplyLoop apply;
    private ApplyThread running;
    private long nextIndex;

    private record Capture(SnapshotMeta meta, CompletableFuture<Long> written) {
    }

    private void start(SnapshotPolicy policy, SnapshotMeta from, long startSnapshotSize) {
        apply = new ApplyLoop(new KvStateMachine(), Map.of(), new ConcurrentHashMap<>(), 7, RaftMetrics.NONE, reads,
                t -> { }, (meta, writer) -> {
                    CompletableFuture<Long> written = new CompletableFuture<>();
                    captures.add(new Capture(meta, written));
                    return written;
                }, policy, from, startSnapshotSize);
        nextIndex = from.index() + 1;
        running = new ApplyThread(apply);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null) {
            running.close();
        }
        reads.shutdownNow();
    }

    /** Commits {@code count} command entries of {@code bytes} log bytes each; returns their total. */
    private long commit(int count, int bytes) {
        byte[] data = CommandPayload.encode(1, 0, new byte[][] {"SET".getBytes(StandardCharsets.US_ASCII),
                "k".getBytes(StandardCharsets.US_ASCII), new byte[bytes - Entry.OVERHEAD - 45]});
        assertThat(Entry.OVERHEAD + data.length).isEqualTo(bytes);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(nextIndex++, 1, EntryType.COMMAND, data));
        }
        apply.submit(new ApplyLoop.Committed(entries));
        return (long) count * bytes;
    }

    /** Asks the policy, and returns once the apply thread has answered (its queue is in order). */
    private void checkAndWait() {
        apply.submit(new ApplyLoop.CheckSnapshot());
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        apply.submit(new ApplyLoop.Read(new PendingRead(CommandSpec.read("PING", 1, cmd -> "PONG"),
                Command.of("PING"), reply, 0), null, null));
        reply.join();
    }

    @Test
    void withoutAnySnapshotTheEntryThresholdDecides() {
        start(new SnapshotPolicy(10, 1.0, UNCAPPED), START, SnapshotPolicy.NO_SNAPSHOT);
        commit(9, 100);
        checkAndWait();
        assertThat(captures).isEmpty();
        commit(1, 100);
        checkAndWait();
        assertThat(captures).singleElement().satisfies(c -> assertThat(c.meta().index()).isEqualTo(20));
    }

    @Test
    void aMemberRestartedFromALargeSnapshotWaitsForAsMuchLog() {
        start(new SnapshotPolicy(10, 1.0, UNCAPPED), START, 100_000);
        commit(99, 1000);
        checkAndWait();
        assertThat(captures).as("threshold met, 99,000 log bytes behind a 100,000-byte snapshot").isEmpty();
        commit(1, 1000);
        checkAndWait();
        assertThat(captures).hasSize(1);
    }

    @Test
    void theSizeOfEachWrittenSnapshotSetsTheLogNeededForTheNext() {
        start(new SnapshotPolicy(1, 1.0, UNCAPPED), START, SnapshotPolicy.NO_SNAPSHOT);
        commit(1, 100);
        checkAndWait();
        assertThat(captures).hasSize(1);
        // written while the snapshot is: counted towards the next one, since it is not in this one
        long whileWriting = commit(30, 100);
        captures.get(0).written().complete(whileWriting + 1);
        checkAndWait();
        assertThat(captures).as("one byte short of the snapshot's size").hasSize(1);
        commit(1, 100);
        checkAndWait();
        assertThat(captures).hasSize(2);
    }

    @Test
    void aSnapshotInstalledFromTheLeaderSetsTheSize() throws IOException {
        start(new SnapshotPolicy(10, 1.0, UNCAPPED), START, SnapshotPolicy.NO_SNAPSHOT);
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new KvStateMachine().snapshot().writeTo(empty);
        SnapshotMeta installed = new SnapshotMeta(500, 2, START.configuration());
        apply.submit(new ApplyLoop.Restore(installed, 50_000, () -> new ByteArrayInputStream(empty.toByteArray()),
                () -> { }));
        nextIndex = 501;
        commit(49, 1000);
        checkAndWait();
        assertThat(captures).as("below the installed snapshot's 50,000 bytes").isEmpty();
        commit(1, 1000);
        checkAndWait();
        assertThat(captures).singleElement().satisfies(c -> assertThat(c.meta().index()).isEqualTo(550));
    }

    @Test
    void anExplicitSnapshotIsTakenAtOnceWhateverThePolicySays() {
        start(new SnapshotPolicy(1_000_000, 1.0, UNCAPPED), START, 1_000_000);
        commit(3, 100);
        CompletableFuture<Void> done = new CompletableFuture<>();
        apply.submit(new ApplyLoop.Capture(done));
        await().atMost(WAIT).until(() -> captures.size() == 1);
        assertThat(captures.get(0).meta().index()).isEqualTo(13);
        assertThat(done).isNotDone();
        captures.get(0).written().complete(2000L);
        await().atMost(WAIT).until(done::isDone);
        assertThat(done).isCompleted();
    }

    @Test
    void theLogCapTriggersBeforeTheThreshold() {
        start(new SnapshotPolicy(1_000_000, 1.0, 5000), START, 1_000_000);
        commit(4, 1000);
        checkAndWait();
        assertThat(captures).isEmpty();
        commit(1, 1000);
        checkAndWait();
        assertThat(captures).hasSize(1);
    }
}
