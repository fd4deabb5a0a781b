package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.raftboot.storage.TestEntries.entry;
import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;

/** Segments with a zero tail that grows in steps: creating, growing, reopening, rolling, filling, truncating and crashing them. */
class PreallocatedSegmentTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    @Test
    void aNewSegmentIsPreallocatedAndReopensWithItsZeroTail() throws IOException {
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(range(1, 11, 1));
            log.sync();
        }
        Path seg = dir.resolve(Segment.fileName(1));
        assertThat(Files.size(seg)).isEqualTo(SEGMENT);
        assertThat(firstNonZero(seg, recordsEnd(range(1, 11, 1)))).as("zeros after the records").isEqualTo(-1);
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, range(1, 11, 1));
            log.append(range(11, 16, 2));
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, concat(range(1, 11, 1), range(11, 16, 2)));
        }
        assertThat(Files.size(seg)).isEqualTo(SEGMENT);
    }

    /**
     * Raft removes entries on a conflict, and they must stay removed after a restart: the new, shorter
     * suffix ends in front of the old records' bytes, which would otherwise be read again. Here the
     * old entries have a higher term than their replacements and the same sizes, so left in place
     * they would continue the new log perfectly.
     */
    @Test
    void entriesRemovedByATruncationNeverComeBackAfterACrash() throws IOException {
        List<Entry> kept = range(1, 10, 1);
        List<Entry> replacement = range(10, 13, 2);
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(kept);
            log.append(range(10, 41, 3));
            log.sync();
            log.truncateSuffix(10);
            log.append(replacement);
            // no sync and no clean shutdown: the files are as a crash leaves them (close writes nothing)
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, concat(kept, replacement));
        }
        assertThat(firstNonZero(dir.resolve(Segment.fileName(1)), recordsEnd(concat(kept, replacement))))
                .as("nothing of the removed records is left").isEqualTo(-1);
    }

    @Test
    void entriesReplacedByShorterOnesThroughAnOverlappingAppendNeverComeBack() throws IOException {
        List<Entry> kept = range(1, 10, 1);
        List<Entry> replacement = List.of(entry(10, 2, 1), entry(11, 2, 1));
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(kept);
            log.append(range(10, 41, 1));
            log.sync();
            log.append(replacement);
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, concat(kept, replacement));
            log.append(List.of(entry(12, 2)));
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, concat(concat(kept, replacement), List.of(entry(12, 2))));
        }
    }

    @Test
    void aTruncationAcrossSegmentsLeavesNoRemovedEntryBehind() throws IOException {
        try (LogStore log = SegmentedLogStore.open(dir, 2048)) {
            log.append(range(1, 300, 3));
            log.sync();
            assertThat(segmentFiles()).hasSizeGreaterThan(5);
            log.truncateSuffix(50);
            log.append(range(50, 53, 4));
        }
        try (LogStore log = SegmentedLogStore.open(dir, 2048)) {
            assertHolds(log, concat(range(1, 50, 3), range(50, 53, 4)));
        }
    }

    @Test
    void aFreshLogWritesOneStepOfZerosOnly() throws IOException {
        try (LogStore log = SegmentedLogStore.open(dir)) {
            assertThat(Files.size(dir.resolve(Segment.fileName(1)))).isEqualTo(SegmentAllocator.STEP);
        }
    }

    @Test
    void theZeroedExtentGrowsInStepsAndStopsAtTheRollSize() throws IOException {
        long roll = 2 * SegmentAllocator.STEP + SegmentAllocator.STEP / 2;
        Path first = dir.resolve(Segment.fileName(1));
        List<Entry> written = new ArrayList<>();
        try (LogStore log = SegmentedLogStore.open(dir, roll)) {
            assertThat(Files.size(first)).isEqualTo(SegmentAllocator.STEP);
            long index = 1;
            while (segmentFiles().size() == 1) {
                List<Entry> batch = sized(index, index + 16, 4000);
                log.append(batch);
                written.addAll(batch);
                index += 16;
                long end = recordsEnd(written);
                if (segmentFiles().size() == 1) {
                    long expected = Math.min((end + SegmentAllocator.STEP - 1) / SegmentAllocator.STEP
                            * SegmentAllocator.STEP, roll);
                    assertThat(Files.size(first)).as("extent after records ending at %d", end).isEqualTo(expected);
                }
            }
            log.sync();
            assertThat(Files.size(first)).as("the full segment stops at its roll size").isEqualTo(roll);
            assertThat(Files.size(segmentFiles().get(1))).isEqualTo(SegmentAllocator.STEP);
        }
        try (LogStore log = SegmentedLogStore.open(dir, roll)) {
            assertHolds(log, written);
        }
    }

    @Test
    void aRecordLargerThanTheRollSizeGrowsItsSegmentJustEnoughForIt() throws IOException {
        Entry big = entry(1, 1, (int) SEGMENT + 5000);
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(List.of(big));
            log.append(List.of(entry(2, 1)));
        }
        assertThat(Files.size(dir.resolve(Segment.fileName(1)))).isEqualTo(recordsEnd(List.of(big)));
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, List.of(big, entry(2, 1)));
        }
    }

    @Test
    void aSegmentWhoseZeroedExtentEndsMidwayReopensAndGrowsOnBySteps() throws IOException {
        long roll = 2 * SegmentAllocator.STEP;
        List<Entry> before = range(1, 11, 1);
        Path seg = dir.resolve(Segment.fileName(1));
        try (LogStore log = SegmentedLogStore.open(dir, roll)) {
            log.append(before);
            log.sync();
        }
        long midway = recordsEnd(before) + 1234;
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(midway);
        }
        List<Entry> after = sized(11, 21, 1000);
        try (LogStore log = SegmentedLogStore.open(dir, roll)) {
            assertHolds(log, before);
            log.append(after);
            log.sync();
        }
        assertThat(Files.size(seg)).as("grown to the end of the step").isEqualTo(SegmentAllocator.STEP);
        try (LogStore log = SegmentedLogStore.open(dir, roll)) {
            assertHolds(log, concat(before, after));
        }
    }

    /**
     * The zeros of a new step are not synced on their own. A crash before the next fdatasync may lose
     * the new size, or the blocks of the step, or both: the synced records survive, the records of
     * the unsynced batch may be torn, and the log goes on from whatever whole records are left.
     */
    @Test
    void aCrashBetweenAStepOfZerosAndItsFirstSyncLeavesARecoverableLog() throws IOException {
        long roll = 3 * SegmentAllocator.STEP;
        List<Entry> synced = new ArrayList<>();
        long index = 1;
        while (recordsEnd(synced) < SegmentAllocator.STEP - 20_000) {
            synced.add(entry(index++, 1, 10_000));
        }
        List<Entry> unsynced = sized(index, index + 10, 10_000);
        Path original = dir.resolve("original");
        try (LogStore log = SegmentedLogStore.open(original, roll)) {
            log.append(synced);
            log.sync();
            log.append(unsynced); // runs past the first step: a second step of zeros first
        }
        Path seg = original.resolve(Segment.fileName(1));
        assertThat(Files.size(seg)).isEqualTo(2 * SegmentAllocator.STEP);
        long syncedEnd = recordsEnd(synced);
        long[][] crashes = {
            {SegmentAllocator.STEP, -1}, // the new size never committed
            {syncedEnd + 5000, -1}, // nor part of the batch
            {2 * SegmentAllocator.STEP, SegmentAllocator.STEP}, // size committed, the step's blocks not written
        };
        for (long[] crash : crashes) {
            Path logDir = dir.resolve("crash-" + crash[0] + "-" + crash[1]);
            Files.createDirectories(logDir);
            Path copy = Files.copy(seg, logDir.resolve(seg.getFileName()));
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.truncate(crash[0]);
                if (crash[1] >= 0) {
                    Zeros.write(ch, crash[1], crash[0]);
                }
            }
            List<Entry> recovered;
            try (LogStore log = SegmentedLogStore.open(logDir, roll)) {
                recovered = log.entries(1, log.lastIndex() + 1, Long.MAX_VALUE);
                assertThat(recovered).as("crash %d/%d", crash[0], crash[1]).startsWith(synced.toArray(new Entry[0]));
                assertThat(concat(synced, unsynced)).startsWith(recovered.toArray(new Entry[0]));
                log.append(List.of(entry(log.lastIndex() + 1, 2, 100)));
                log.sync();
            }
            try (LogStore log = SegmentedLogStore.open(logDir, roll)) {
                assertHolds(log, concat(recovered, List.of(entry(recovered.size() + 1L, 2, 100))));
            }
        }
    }

    @Test
    void aSegmentFullToTheByteRollsAndReopens() throws IOException {
        List<Entry> first = new ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            first.add(entry(i, 1, 100));
        }
        for (long slack : new long[] {0, 1, RecordCodec.HEADER - 1, RecordCodec.HEADER, RecordCodec.MIN_RECORD - 1}) {
            Path logDir = dir.resolve("slack-" + slack);
            long capacity = recordsEnd(first) + slack;
            List<Entry> all = concat(first, List.of(entry(21, 1, 100)));
            try (LogStore log = SegmentedLogStore.open(logDir, capacity)) {
                log.append(first);
                log.append(List.of(entry(21, 1, 100)));
            }
            try (LogStore log = SegmentedLogStore.open(logDir, capacity)) {
                assertHolds(log, all);
            }
            Path full = logDir.resolve(Segment.fileName(1));
            assertThat(Files.size(full)).as("slack %d: nothing cut", slack).isEqualTo(capacity);
            assertThat(logDir.resolve(Segment.fileName(21))).exists();
        }
    }

    @Test
    void inspectionReadsTheZeroTailAsTheEndOfTheRecords() throws IOException {
        try (LogStore log = SegmentedLogStore.open(dir, 2048)) {
            log.append(range(1, 100, 1));
        }
        List<Entry> seen = new ArrayList<>();
        List<StorageInspection.SegmentReport> reports = StorageInspection.scanSegmentedLog(dir, seen::add);
        assertThat(seen).isEqualTo(range(1, 100, 1));
        assertThat(reports).hasSizeGreaterThan(2).allSatisfy(r -> assertThat(r.corruptAt()).isEqualTo(-1));

        Path last = segmentFiles().get(segmentFiles().size() - 1);
        long garbageAt = recordsEndOf(last) + 10;
        assertThat(garbageAt).isLessThan(2048);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {9}), garbageAt);
        }
        StorageInspection.SegmentReport torn = lastReport();
        assertThat(torn.tornTail()).isTrue();
        assertThat(torn.damaged()).isFalse();

        Path second = segmentFiles().get(1);
        long firstOfSecond = Long.parseLong(second.getFileName().toString().substring(0, 20));
        try (FileChannel ch = FileChannel.open(second, StandardOpenOption.WRITE)) {
            Zeros.write(ch, Segment.HEADER_SIZE, Segment.HEADER_SIZE + RecordCodec.recordSize(entry(firstOfSecond, 1)));
        }
        List<StorageInspection.SegmentReport> damaged = StorageInspection.scanSegmentedLog(dir, e -> { });
        assertThat(damaged.get(1).damaged()).as("a zeroed record before valid ones is damage").isTrue();
        assertThat(damaged.get(1).corruptAt()).isEqualTo(Segment.HEADER_SIZE);
    }

    private StorageInspection.SegmentReport lastReport() throws IOException {
        List<StorageInspection.SegmentReport> reports = StorageInspection.scanSegmentedLog(dir, e -> { });
        return reports.get(reports.size() - 1);
    }

    private static void assertHolds(LogStore log, List<Entry> expected) {
        assertThat(log.firstIndex()).isEqualTo(expected.get(0).index());
        assertThat(log.lastIndex()).isEqualTo(expected.get(expected.size() - 1).index());
        assertThat(log.entries(log.firstIndex(), log.lastIndex() + 1, Long.MAX_VALUE)).isEqualTo(expected);
    }

    /** End of the records in a single segment holding {@code entries}. */
    private static long recordsEnd(List<Entry> entries) {
        long end = Segment.HEADER_SIZE;
        for (Entry e : entries) {
            end += RecordCodec.recordSize(e);
        }
        return end;
    }

    /** Walks the length fields of a segment's records up to the first zero one. */
    private static long recordsEndOf(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        int pos = Segment.HEADER_SIZE;
        while (pos + RecordCodec.HEADER <= b.limit() && b.getInt(pos) != 0) {
            pos += RecordCodec.HEADER + b.getInt(pos);
        }
        return pos;
    }

    private static long firstNonZero(Path file, long from) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Zeros.firstNonZero(ch, from, ch.size());
        }
    }

    /** Entries [from, to) of term 1 with {@code size}-byte payloads. */
    private static List<Entry> sized(long from, long to, int size) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(entry(i, 1, size));
        }
        return out;
    }

    private static List<Entry> concat(List<Entry> a, List<Entry> b) {
        List<Entry> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(Segment.SUFFIX)).sorted().toList();
        }
    }
}
