package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.HardState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.raftboot.storage.TestEntries.entry;
import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LogWriterTest {
    @TempDir
    Path dir;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger fatalCalls = new AtomicInteger();
    final AtomicReference<Throwable> fatal = new AtomicReference<>();
    volatile boolean failCommitHints;
    /** When set, a hint save waits for it (after flagging {@link #hintSaveEntered}). */
    volatile CountDownLatch hintGate;
    volatile boolean hintSaveEntered;
    LogWriter writer;

    /** Records hard-state saves into the same event list as the log. */
    final MetaStore meta = new MetaStore() {
        final MemoryMetaStore delegate = new MemoryMetaStore();

        @Override
        public HardState hardState() {
            return delegate.hardState();
        }

        @Override
        public void saveHardState(HardState state) {
            delegate.saveHardState(state);
            events.add("meta " + state.term() + " " + state.votedFor());
        }

        @Override
        public java.util.Optional<String> clusterId() {
            return delegate.clusterId();
        }

        @Override
        public void saveClusterId(String id) {
            delegate.saveClusterId(id);
        }

        @Override
        public CommitHint commitHint() {
            return delegate.commitHint();
        }

        @Override
        public void saveCommitHint(CommitHint hint) {
            CountDownLatch gate = hintGate;
            if (gate != null) {
                hintSaveEntered = true;
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failCommitHints) {
                throw new StorageException("injected metadata failure");
            }
            delegate.saveCommitHint(hint);
            events.add("hint " + hint.index());
        }

        @Override
        public java.util.Optional<io.raftboot.consensus.SnapshotMeta> bootstrap() {
            return delegate.bootstrap();
        }

        @Override
        public void saveBootstrap(io.raftboot.consensus.SnapshotMeta initialConfiguration) {
            delegate.saveBootstrap(initialConfiguration);
        }

        @Override
        public void close() {
        }
    };

    LogWriter start(LogStore log, Durability durability) {
        writer = new LogWriter(log, meta, durability, t -> {
            fatalCalls.incrementAndGet();
            fatal.set(t);
        });
        return writer;
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.close();
        }
    }

    private Runnable callback(String name, CountDownLatch done) {
        return () -> {
            events.add("cb " + name);
            done.countDown();
        };
    }

    private int count(String prefix) {
        synchronized (events) {
            return (int) events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    @Test
    void highGroupsEverythingQueuedIntoOneWriteAndOneSyncThenRunsCallbacksInOrder() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, true);
        start(log, Durability.HIGH);
        CountDownLatch done = new CountDownLatch(50);
        List<Long> lastIndexSeenByCallbacks = Collections.synchronizedList(new ArrayList<>());
        writer.submit(new WriteBatch(null, List.of(entry(1, 1)), callback("1", done)));
        assertThat(log.enteredFirstAppend.await(10, TimeUnit.SECONDS)).isTrue();
        for (long i = 2; i <= 50; i++) {
            long index = i;
            writer.submit(new WriteBatch(null, List.of(entry(i, 1)), () -> {
                lastIndexSeenByCallbacks.add(index - log.lastIndex());
                events.add("cb " + index);
                done.countDown();
            }));
        }
        log.gate.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>(List.of("append 1-1", "sync", "cb 1", "append 2-50", "sync"));
        for (int i = 2; i <= 50; i++) {
            expected.add("cb " + i);
        }
        assertThat(events).containsExactlyElementsOf(expected);
        assertThat(lastIndexSeenByCallbacks).allMatch(d -> d <= 0);
    }

    @Test
    void hardStateIsSavedBeforeTheEntriesAndOnlyTheNewestOfAGroup() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, true);
        start(log, Durability.HIGH);
        CountDownLatch done = new CountDownLatch(3);
        writer.submit(new WriteBatch(new HardState(1, "a"), List.of(entry(1, 1)), callback("1", done)));
        assertThat(log.enteredFirstAppend.await(10, TimeUnit.SECONDS)).isTrue();
        writer.submit(new WriteBatch(new HardState(2, "b"), List.of(), callback("vote", done)));
        writer.submit(new WriteBatch(new HardState(3, null), List.of(entry(2, 3)), callback("2", done)));
        log.gate.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("meta 1 a", "append 1-1", "sync", "cb 1",
                "meta 3 null", "append 2-2", "sync", "cb vote", "cb 2");
        assertThat(meta.hardState().term()).isEqualTo(3);
    }

    @Test
    void truncationsCompactionsAndResetsStayInOrderWithAppends() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, true);
        start(log, Durability.HIGH);
        CountDownLatch done = new CountDownLatch(7);
        writer.submit(new WriteBatch(null, range(1, 11, 1), callback("a", done)));
        assertThat(log.enteredFirstAppend.await(10, TimeUnit.SECONDS)).isTrue();
        writer.submit(new LogCommand.TruncateSuffix(6, callback("t", done)));
        writer.submit(new WriteBatch(null, range(6, 9, 2), callback("b", done)));
        writer.submit(new WriteBatch(null, range(9, 12, 2), callback("c", done)));
        writer.submit(new LogCommand.CompactPrefix(3, callback("p", done)));
        writer.submit(new LogCommand.Reset(100, callback("r", done)));
        writer.submit(new WriteBatch(null, range(101, 103, 3), callback("d", done)));
        log.gate.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("append 1-10", "sync", "cb a", "truncate 6", "append 6-11", "compact 3",
                "reset 100", "append 101-102", "sync", "cb t", "cb b", "cb c", "cb p", "cb r", "cb d");
        assertThat(log.firstIndex()).isEqualTo(101);
        assertThat(log.entries(101, 103, Long.MAX_VALUE)).isEqualTo(range(101, 103, 3));
    }

    @Test
    void mediumAcknowledgesAfterTheWriteAndSyncsWithinASecondOnlyWhenSomethingWasWritten() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, false);
        start(log, Durability.MEDIUM);
        CountDownLatch done = new CountDownLatch(1);
        writer.submit(new WriteBatch(null, List.of(entry(1, 1)), callback("1", done)));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).startsWith("append 1-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> count("sync") == 1);
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> count("sync") == 1);
    }

    @Test
    void lowNeverSyncs() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, false);
        start(log, Durability.LOW);
        CountDownLatch done = new CountDownLatch(20);
        for (long i = 1; i <= 20; i++) {
            writer.submit(new WriteBatch(null, List.of(entry(i, 1)), callback(String.valueOf(i), done)));
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        writer.close();
        assertThat(log.lastIndex()).isEqualTo(20);
        assertThat(count("sync")).isZero();
    }

    @Test
    void aFailedWriteIsFatalOnceStopsTheWriterAndRunsNoLaterCallback() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, true);
        log.failAppendAt = 5;
        start(log, Durability.HIGH);
        CountDownLatch first = new CountDownLatch(1);
        writer.submit(new WriteBatch(null, range(1, 5, 1), callback("ok", first)));
        assertThat(log.enteredFirstAppend.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch never = new CountDownLatch(2);
        writer.submit(new WriteBatch(null, range(5, 7, 1), callback("bad", never)));
        writer.submit(new WriteBatch(null, range(7, 8, 1), callback("later", never)));
        log.gate.countDown();
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> fatalCalls.get() == 1);
        assertThat(fatal.get()).isInstanceOf(StorageException.class).hasMessageContaining("injected");
        assertThatThrownBy(() -> writer.submit(new WriteBatch(null, range(5, 6, 1), () -> { })))
                .isInstanceOf(StorageException.class);
        writer.close();
        assertThat(never.getCount()).isEqualTo(2);
        assertThat(fatalCalls.get()).isEqualTo(1);
        assertThat(events).doesNotContain("cb bad", "cb later");
    }

    @Test
    void aFailedSyncIsFatalAndItsGroupIsNeverAcknowledged() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, false);
        log.failSync = true;
        start(log, Durability.HIGH);
        writer.submit(new WriteBatch(null, range(1, 3, 1), () -> events.add("cb 1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> fatalCalls.get() == 1);
        writer.close();
        assertThat(events).containsExactly("append 1-2");
        assertThat(writer.failure()).hasMessageContaining("fsync");
    }

    @Test
    void groupCommitOnTheSegmentedLogPersistsEverythingAcknowledged() throws Exception {
        try (LogStore log = SegmentedLogStore.open(dir)) {
            start(log, Durability.HIGH);
            int batches = 2000;
            CountDownLatch done = new CountDownLatch(batches);
            long next = 1;
            List<Entry> all = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<Entry> batch = range(next, next + 1 + b % 5, 1);
                all.addAll(batch);
                next += batch.size();
                writer.submit(new WriteBatch(null, batch, done::countDown));
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            writer.close();
            writer = null;
        }
        try (LogStore log = SegmentedLogStore.open(dir)) {
            assertThat(log.lastIndex()).isGreaterThan(4000);
            for (long i = 1; i <= log.lastIndex(); i++) {
                assertThat(log.entry(i)).isEqualTo(entry(i, 1));
            }
        }
    }

    private static CommitHint hint(long index) {
        return new CommitHint(index, 1);
    }

    @Test
    void theCommitHintWaitsForEverythingSubmittedBeforeIt() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, true);
        start(log, Durability.HIGH);
        CountDownLatch appended = new CountDownLatch(1);
        writer.submit(new WriteBatch(null, range(1, 3, 1), callback("a", appended)));
        assertThat(log.enteredFirstAppend.await(10, TimeUnit.SECONDS)).isTrue();
        // on a follower the batch before could be the truncation that replaces a conflicting entry
        writer.saveCommitHintLater(hint(2));
        assertThat(meta.commitHint().index()).as("not saved while the append before it is not written").isZero();
        log.gate.countDown();
        assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> meta.commitHint().index() == 2);
        assertThat(events.indexOf("hint 2")).isGreaterThan(events.indexOf("cb a"));
    }

    @Test
    void anAppendAfterTheCommitHintDoesNotWaitForItsSave() throws Exception {
        start(new RecordingLogStore(events, false), Durability.HIGH);
        hintGate = new CountDownLatch(1);
        writer.saveCommitHintLater(hint(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> hintSaveEntered);
        CountDownLatch appended = new CountDownLatch(1);
        writer.submit(new WriteBatch(null, range(1, 3, 1), callback("a", appended)));
        assertThat(appended.await(10, TimeUnit.SECONDS)).as("durable while the hint save is held").isTrue();
        assertThat(meta.commitHint().index()).isZero();
        hintGate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> meta.commitHint().index() == 2);
    }

    @Test
    void closingSavesTheNewestCommitHintWhichNeverMovesBack() {
        start(new RecordingLogStore(events, false), Durability.HIGH);
        writer.saveCommitHintLater(hint(5));
        writer.saveCommitHintLater(hint(9));
        writer.saveCommitHintLater(hint(7));
        writer.close();
        writer = null;
        assertThat(meta.commitHint()).isEqualTo(hint(9));
        assertThat(count("hint ")).isBetween(1, 2);
        assertThat(fatalCalls.get()).isZero();
    }

    @Test
    void aFailedCommitHintSaveIsFatalOnce() {
        start(new RecordingLogStore(events, false), Durability.HIGH);
        failCommitHints = true;
        writer.saveCommitHintLater(hint(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> fatalCalls.get() == 1);
        writer.saveCommitHintLater(hint(4));
        writer.close();
        writer = null;
        assertThat(fatalCalls.get()).isEqualTo(1);
        assertThat(fatal.get()).hasMessageContaining("injected metadata failure");
        assertThat(meta.commitHint().index()).isZero();
    }
}
