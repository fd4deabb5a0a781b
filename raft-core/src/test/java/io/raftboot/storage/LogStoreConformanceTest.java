package io.raftboot.storage;

import io.raftboot.consensus.ConfigurationEntries;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.raftboot.storage.TestEntries.entry;
import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link LogStore} must share. Subclasses say how to open one and whether it
 * survives a reopen; every check that involves a reopen is skipped for stores that do not persist.
 */
abstract class LogStoreConformanceTest {
    @TempDir
    Path dir;
    LogStore log;

    abstract LogStore open(Path dir);

    abstract boolean persistent();

    @BeforeEach
    void openStore() {
        log = open(dir);
    }

    @AfterEach
    void closeStore() {
        log.close();
    }

    /** Closes and reopens a persistent store; a memory store stays as it is. */
    void reopen() {
        if (persistent()) {
            log.close();
            log = open(dir);
        }
    }

    /** Checks that the store holds exactly {@code expected}, by every read method. */
    void assertHolds(long first, List<Entry> expected) {
        assertThat(log.firstIndex()).isEqualTo(first);
        assertThat(log.lastIndex()).isEqualTo(first + expected.size() - 1);
        for (Entry e : expected) {
            assertThat(log.entry(e.index())).isEqualTo(e);
            assertThat(log.term(e.index())).isEqualTo(e.term());
        }
        assertThat(log.entries(first, first + expected.size(), Long.MAX_VALUE)).isEqualTo(expected);
    }

    @Test
    void newLogIsEmpty() {
        assertThat(log.firstIndex()).isEqualTo(1);
        assertThat(log.lastIndex()).isEqualTo(0);
        assertThat(log.entries(1, 1, 100)).isEmpty();
        assertThatThrownBy(() -> log.term(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1");
        assertThatThrownBy(() -> log.entry(0)).isInstanceOf(IllegalArgumentException.class);
        reopen();
        assertThat(log.firstIndex()).isEqualTo(1);
        assertThat(log.lastIndex()).isEqualTo(0);
    }

    @Test
    void appendsAndReadsBack() {
        List<Entry> all = new ArrayList<>();
        all.addAll(range(1, 40, 1));
        all.addAll(range(40, 120, 2));
        all.add(new Entry(120, 3, EntryType.CONFIGURATION, new byte[] {1, 2, 3}));
        log.append(all.subList(0, 1));
        log.append(all.subList(1, 40));
        log.append(all.subList(40, all.size()));
        assertHolds(1, all);
        assertThat(log.entries(50, 60, Long.MAX_VALUE)).isEqualTo(all.subList(49, 59));
        reopen();
        assertHolds(1, all);
        assertThatThrownBy(() -> log.entry(121)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("121");
    }

    @Test
    void entriesStopBeforeExceedingTheByteBudgetButReturnAtLeastOne() {
        List<Entry> all = new ArrayList<>();
        for (long i = 1; i <= 10; i++) {
            all.add(entry(i, 1, 100));
        }
        log.append(all);
        long each = all.get(0).sizeInBytes();
        assertThat(log.entries(1, 11, 3 * each)).isEqualTo(all.subList(0, 3));
        assertThat(log.entries(1, 11, 3 * each - 1)).isEqualTo(all.subList(0, 2));
        assertThat(log.entries(4, 11, 1)).isEqualTo(all.subList(3, 4));
        assertThat(log.entries(4, 4, 1)).isEmpty();
        assertThatThrownBy(() -> log.entries(5, 12, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsGapsAndNonContiguousBatches() {
        log.append(range(1, 5, 1));
        assertThatThrownBy(() -> log.append(List.of(entry(7, 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gap");
        assertThatThrownBy(() -> log.append(List.of(entry(5, 1), entry(7, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contiguous");
        assertHolds(1, range(1, 5, 1));
    }

    @Test
    void appendOverlappingReplacesTheSuffix() {
        log.append(range(1, 21, 1));
        List<Entry> replacement = range(11, 15, 2);
        log.append(replacement);
        List<Entry> expected = new ArrayList<>(range(1, 11, 1));
        expected.addAll(replacement);
        assertHolds(1, expected);
        reopen();
        assertHolds(1, expected);
        log.append(range(15, 18, 2));
        expected.addAll(range(15, 18, 2));
        assertHolds(1, expected);
    }

    @Test
    void truncatesSuffix() {
        log.append(range(1, 51, 1));
        log.truncateSuffix(30);
        assertHolds(1, range(1, 30, 1));
        log.truncateSuffix(30); // nothing at or after 30: no change
        reopen();
        assertHolds(1, range(1, 30, 1));
        log.truncateSuffix(1);
        assertHolds(1, List.of());
        reopen();
        assertHolds(1, List.of());
        log.append(range(1, 4, 5));
        assertHolds(1, range(1, 4, 5));
        assertThatThrownBy(() -> log.truncateSuffix(6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactsPrefix() {
        log.append(range(1, 201, 1));
        log.compactPrefix(120);
        assertHolds(121, range(121, 201, 1));
        assertThatThrownBy(() -> log.entry(120)).isInstanceOf(IllegalArgumentException.class);
        log.compactPrefix(50); // below first: nothing happens
        assertThat(log.firstIndex()).isEqualTo(121);
        reopen();
        assertHolds(121, range(121, 201, 1));
        log.append(range(201, 211, 2));
        List<Entry> expected = new ArrayList<>(range(121, 201, 1));
        expected.addAll(range(201, 211, 2));
        assertHolds(121, expected);
        assertThatThrownBy(() -> log.truncateSuffix(100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactingEverythingLeavesAnEmptyLogThatContinuesAfterIt() {
        log.append(range(1, 11, 1));
        log.compactPrefix(15);
        assertHolds(16, List.of());
        reopen();
        assertHolds(16, List.of());
        log.append(range(16, 18, 3));
        assertHolds(16, range(16, 18, 3));
    }

    @Test
    void resetEmptiesTheLogAtAnIndex() {
        log.append(range(1, 31, 1));
        log.reset(1000);
        assertHolds(1001, List.of());
        assertThatThrownBy(() -> log.append(List.of(entry(1000, 4)))).isInstanceOf(IllegalArgumentException.class);
        reopen();
        assertHolds(1001, List.of());
        log.append(range(1001, 1011, 4));
        reopen();
        assertHolds(1001, range(1001, 1011, 4));
        log.reset(0);
        assertHolds(1, List.of());
    }

    @Test
    void largePayloadsRoundTrip() {
        Random random = new Random(7);
        List<Entry> big = new ArrayList<>();
        for (long i = 1; i <= 3; i++) {
            byte[] data = new byte[(int) (3 * 1024 * 1024 + i)];
            random.nextBytes(data);
            big.add(new Entry(i, 1, EntryType.COMMAND, data));
        }
        log.append(big.subList(0, 2));
        log.append(big.subList(2, 3));
        log.append(range(4, 10, 1));
        List<Entry> expected = new ArrayList<>(big);
        expected.addAll(range(4, 10, 1));
        assertHolds(1, expected);
        assertThat(log.entries(1, 10, 10)).containsExactly(big.get(0));
        reopen();
        assertHolds(1, expected);
    }

    /** Random appends, overlapping appends, truncations, compactions, resets and reopens against a model. */
    /**
     * Also checks where the configuration entries are, as the store answers it (the segmented log
     * from notes taken on its open scan and on append), against what reading the entries finds,
     * through appends, suffix truncations, compactions, resets and reopens, over the whole log and a
     * random part of it.
     */
    @Test
    void randomInterleavingsMatchAModel() {
        Random random = new Random(42);
        List<Entry> model = new ArrayList<>();
        long first = 1;
        long term = 1;
        for (int step = 0; step < 400; step++) {
            long last = first + model.size() - 1;
            int op = random.nextInt(100);
            if (op < 55) {
                long start = model.isEmpty() ? first : first + random.nextInt(model.size() + 1);
                if (random.nextInt(4) != 0) {
                    start = last + 1;
                }
                term += random.nextInt(10) == 0 ? 1 : 0;
                int n = 1 + random.nextInt(20);
                List<Entry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Entry e = entry(start + i, term, random.nextInt(300));
                    batch.add(random.nextInt(5) == 0 ? new Entry(e.index(), e.term(), EntryType.CONFIGURATION, e.data()) : e);
                }
                log.append(batch);
                model.subList((int) (start - first), model.size()).clear();
                model.addAll(batch);
            } else if (op < 70 && !model.isEmpty()) {
                long from = first + random.nextInt(model.size() + 1);
                log.truncateSuffix(from);
                model.subList((int) (from - first), model.size()).clear();
            } else if (op < 85 && !model.isEmpty()) {
                long upTo = first - 1 + random.nextInt(model.size() + 1);
                log.compactPrefix(upTo);
                if (upTo >= last) {
                    model.clear();
                    first = upTo + 1;
                } else if (upTo >= first) {
                    model.subList(0, (int) (upTo - first + 1)).clear();
                    first = upTo + 1;
                }
            } else if (op < 88) {
                long index = last + random.nextInt(5);
                log.reset(index);
                model.clear();
                first = index + 1;
            } else {
                reopen();
            }
            assertThat(log.firstIndex()).as("first index after step %d", step).isEqualTo(first);
            assertThat(log.lastIndex()).as("last index after step %d", step).isEqualTo(first + model.size() - 1);
            if (step % 20 == 0 || step > 380) {
                assertHolds(first, model);
            }
            assertConfigurationIndexes(first, model, random, step);
        }
        reopen();
        assertHolds(first, model);
    }

    private void assertConfigurationIndexes(long first, List<Entry> model, Random random, int step) {
        if (model.isEmpty()) {
            return;
        }
        long last = first + model.size() - 1;
        long[] expected = model.stream().filter(e -> e.type() == EntryType.CONFIGURATION).mapToLong(Entry::index).toArray();
        assertThat(log.configurationIndexes(first, last)).as("configuration entries after step %d", step)
                .containsExactly(expected).containsExactly(ConfigurationEntries.read(log::entries, first, last));
        long from = first + random.nextInt(model.size());
        long to = from + random.nextInt((int) (last - from + 1));
        assertThat(log.configurationIndexes(from, to)).as("configuration entries in [%d, %d] after step %d", from, to, step)
                .containsExactly(ConfigurationEntries.read(log::entries, from, to));
    }

    /** The raft thread reads while the writer appends, truncates and compacts. */
    @Test
    void concurrentReadersSeeOnlyCompleteEntries() throws Exception {
        log.append(range(1, 11, 1));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch readerStarted = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            readerStarted.countDown();
            while (!stop.get()) {
                try {
                    long first = log.firstIndex();
                    long last = log.lastIndex();
                    if (last >= first) {
                        long from = Math.max(first, last - 5);
                        for (Entry e : log.entries(from, last + 1, Long.MAX_VALUE)) {
                            if (!e.equals(entry(e.index(), e.term(), e.data().length == 0 ? 0 : e.data().length))
                                    && e.type() != EntryType.NOOP) {
                                throw new AssertionError("read a damaged entry " + e);
                            }
                        }
                    }
                } catch (IllegalArgumentException raced) {
                    // the range moved between reading its bounds and the entries: fine
                } catch (Throwable t) {
                    failure.set(t);
                    return;
                }
            }
        });
        reader.start();
        assertThat(readerStarted.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            long next = 11;
            for (int round = 0; round < 300; round++) {
                List<Entry> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    batch.add(entry(next + i, 1, 50 + i));
                }
                log.append(batch);
                next += 10;
                if (round % 50 == 49) {
                    log.truncateSuffix(next - 3);
                    next -= 3;
                    log.compactPrefix(next - 100);
                }
            }
        } finally {
            stop.set(true);
            reader.join();
        }
        assertThat(failure.get()).isNull();
    }
}
