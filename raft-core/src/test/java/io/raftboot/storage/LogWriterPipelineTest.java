package io.raftboot.storage;

import static io.raftboot.storage.TestEntries.entry;
import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At {@code high}, with a store that fsyncs beside its appends, the writer overlaps two fsyncs; what
 * it reports durable, and in which order, must stay exactly what a single fsync at a time reports.
 */
class LogWriterPipelineTest {
    @TempDir
    Path dir;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger fatalCalls = new AtomicInteger();
    LogWriter writer;

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.close();
        }
    }

    private DeferredSyncStore start() {
        DeferredSyncStore store = new DeferredSyncStore(events);
        writer = new LogWriter(store, new MemoryMetaStore(), Durability.HIGH, t -> fatalCalls.incrementAndGet());
        return store;
    }

    private Runnable callback(String name) {
        return () -> events.add("cb " + name);
    }

    private int position(String event) {
        synchronized (events) {
            return events.indexOf(event);
        }
    }

    @Test
    void aSecondFsyncStartsWhileTheFirstIsInFlightAndAReorderedReturnReportsNothingEarly() {
        DeferredSyncStore store = start();
        store.hold(1);
        store.hold(2);
        writer.submit(new WriteBatch(null, List.of(entry(1, 1)), callback("1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("fsync-start 1"));
        writer.submit(new WriteBatch(null, List.of(entry(2, 1)), callback("2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("fsync-start 2"));
        assertThat(events).as("the second fsync started while the first was in flight").doesNotContain("fsync-end 1");

        store.release(2);
        // written only by a thread that holds the role again: the one whose fsync (2) has returned
        writer.submit(new WriteBatch(null, List.of(entry(3, 1)), callback("3")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("append 3-3"));
        assertThat(events).contains("fsync-end 2")
                .as("fsync 2 returned, but fsync 1 may not have: nothing is durable yet")
                .doesNotContain("cb 1", "cb 2", "cb 3");

        store.release(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("cb 3"));
        assertThat(position("cb 1")).isGreaterThan(position("fsync-end 1"));
        assertThat(position("cb 2")).isGreaterThan(position("cb 1"));
        assertThat(position("cb 3")).isGreaterThan(position("cb 2"));
        assertThat(fatalCalls.get()).isZero();
    }

    @Test
    void aGroupWithoutEntriesWaitsForTheFsyncOfTheEntriesBeforeIt() {
        DeferredSyncStore store = start();
        store.hold(1);
        writer.submit(new WriteBatch(null, List.of(entry(1, 1)), callback("1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("fsync-start 1"));
        // an acknowledgement that promises entry 1: nothing to write, yet it must wait for fsync 1
        writer.submit(new WriteBatch(null, List.of(), callback("ack")));
        writer.submit(new WriteBatch(null, List.of(entry(2, 1)), callback("2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("append 2-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("fsync-end 2"));
        assertThat(events).doesNotContain("cb 1", "cb ack", "cb 2");

        store.release(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("cb 2"));
        assertThat(position("cb 1")).isGreaterThan(position("fsync-end 1"));
        assertThat(position("cb ack")).isGreaterThan(position("cb 1"));
        assertThat(position("cb 2")).isGreaterThan(position("cb ack"));
    }

    @Test
    void aTruncationWaitsUntilNoFsyncIsInFlight() {
        DeferredSyncStore store = start();
        store.hold(1);
        writer.submit(new WriteBatch(null, range(1, 4, 1), callback("1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("fsync-start 1"));
        writer.submit(new LogCommand.TruncateSuffix(2, callback("t")));
        await().atMost(Duration.ofSeconds(10)).until(this::aWriterWaitsForTheFsyncs);
        assertThat(events).doesNotContain("truncate 2");

        store.release(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("cb t"));
        assertThat(position("truncate 2")).isGreaterThan(position("fsync-end 1"));
        assertThat(store.lastIndex()).isEqualTo(1);
    }

    @Test
    void anAppendThatReplacesASuffixWaitsUntilNoFsyncIsInFlight() {
        DeferredSyncStore store = start();
        store.hold(1);
        writer.submit(new WriteBatch(null, range(1, 4, 1), callback("1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("fsync-start 1"));
        writer.submit(new WriteBatch(null, range(2, 3, 2), callback("2")));
        await().atMost(Duration.ofSeconds(10)).until(this::aWriterWaitsForTheFsyncs);
        assertThat(events).doesNotContain("append 2-2");

        store.release(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("cb 2"));
        assertThat(position("append 2-2")).isGreaterThan(position("fsync-end 1"));
        assertThat(store.term(2)).isEqualTo(2);
    }

    /** True once a writer thread is parked in {@link DurableOrder#awaitNoSync()}. */
    private boolean aWriterWaitsForTheFsyncs() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("raft-log-writer"))
                .anyMatch(e -> e.getKey().getState() == Thread.State.WAITING && List.of(e.getValue()).stream()
                        .anyMatch(f -> f.getMethodName().equals("awaitNoSync")));
    }

    @Test
    void onARealSegmentedLogEveryCallbackRunsInOrderAfterItsEntriesAreWritten() throws Exception {
        SegmentedLogStore log = SegmentedLogStore.open(dir, 64 << 10); // small segments: rolls while syncing
        writer = new LogWriter(log, new MemoryMetaStore(), Durability.HIGH, t -> fatalCalls.incrementAndGet());
        int batches = 2000;
        CountDownLatch done = new CountDownLatch(batches);
        AtomicLong lastReported = new AtomicLong();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        for (long i = 1; i <= batches; i++) {
            long index = i;
            writer.submit(new WriteBatch(null, List.of(entry(index, 1, 200)), () -> {
                if (lastReported.getAndSet(index) != index - 1) {
                    problems.add("callback " + index + " out of order");
                }
                if (log.lastIndex() < index) {
                    problems.add("callback " + index + " before its entry was written");
                }
                done.countDown();
            }));
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        writer.close();
        writer = null;
        log.close();
        assertThat(problems).isEmpty();
        assertThat(fatalCalls.get()).isZero();
        try (SegmentedLogStore reopened = SegmentedLogStore.open(dir, 64 << 10)) {
            assertThat(reopened.lastIndex()).isEqualTo(batches);
            assertThat(reopened.entries(1, batches + 1, Long.MAX_VALUE)).isEqualTo(range(1, batches + 1, 1).stream()
                    .map(e -> entry(e.index(), 1, 200)).toList());
        }
    }
}
