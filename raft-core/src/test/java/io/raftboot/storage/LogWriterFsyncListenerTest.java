package io.raftboot.storage;

import static io.raftboot.storage.TestEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fsync listener hears of real fsyncs only: one per group at high, none at low. */
class LogWriterFsyncListenerTest {
    static final int BATCHES = 20;

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Long> fsyncs = new CopyOnWriteArrayList<>();
    LogWriter writer;

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.close();
        }
    }

    private LogWriter start(RecordingLogStore log, Durability durability) {
        writer = new LogWriter(log, new MemoryMetaStore(), durability, t -> { }, fsyncs::add);
        return writer;
    }

    private long storeSyncs() {
        synchronized (events) {
            return events.stream().filter("sync"::equals).count();
        }
    }

    @Test
    void highReportsOneFsyncPerGroupNotPerBatch() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, true);
        start(log, Durability.HIGH);
        CountDownLatch done = new CountDownLatch(BATCHES);
        writer.submit(new WriteBatch(null, List.of(entry(1, 1)), done::countDown));
        assertThat(log.enteredFirstAppend.await(10, TimeUnit.SECONDS)).isTrue();
        // the rest queue up behind the held first append and go to disk as one group
        for (long i = 2; i <= BATCHES; i++) {
            writer.submit(new WriteBatch(null, List.of(entry(i, 1)), done::countDown));
        }
        log.gate.countDown();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(fsyncs).hasSize(2).hasSize((int) storeSyncs()).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
        assertThat(fsyncs.size()).isLessThan(BATCHES);
    }

    @Test
    void lowNeverReportsAnFsyncWhileWritesSucceed() throws Exception {
        RecordingLogStore log = new RecordingLogStore(events, false);
        start(log, Durability.LOW);
        CountDownLatch done = new CountDownLatch(BATCHES);
        for (long i = 1; i <= BATCHES; i++) {
            writer.submit(new WriteBatch(null, List.of(entry(i, 1)), done::countDown));
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        writer.close();

        assertThat(log.lastIndex()).isEqualTo(BATCHES);
        assertThat(storeSyncs()).isZero();
        assertThat(fsyncs).isEmpty();
    }

    @Test
    void mediumReportsTheBackgroundFsync() throws Exception {
        start(new RecordingLogStore(events, false), Durability.MEDIUM);
        CountDownLatch done = new CountDownLatch(1);
        writer.submit(new WriteBatch(null, List.of(entry(1, 1)), done::countDown));
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();

        await().until(() -> !fsyncs.isEmpty());
        assertThat((long) fsyncs.size()).isEqualTo(storeSyncs());
    }
}
