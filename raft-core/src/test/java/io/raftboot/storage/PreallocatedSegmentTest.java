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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.raftboot.storage.TestEntries.entry;
import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Segments created at full size with a zero tail: reopening, rolling, filling, and truncating them. */
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
    void rollingTakesTheSparePreparedAheadInTheBackground() throws IOException {
        Path spare = dir.resolve(SegmentAllocator.SPARE);
        List<Entry> written = new ArrayList<>();
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertThat(spare).as("no spare for a log that may never fill its segment").doesNotExist();
            long index = 1;
            while (recordsEnd(written) <= SEGMENT / 2) {
                written.add(entry(index, 1, 1000));
                log.append(List.of(written.get(written.size() - 1)));
                index++;
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(spare) && Files.size(spare) == SEGMENT);
            List<Entry> rest = new ArrayList<>();
            for (long i = index; i < index + 40; i++) {
                rest.add(entry(i, 1, 1000));
            }
            log.append(rest);
            written.addAll(rest);
            log.sync();
            assertThat(segmentFiles()).hasSize(2);
            assertThat(spare).as("the spare became the second segment").doesNotExist();
            for (Path p : segmentFiles()) {
                assertThat(Files.size(p)).isEqualTo(SEGMENT);
            }
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertHolds(log, written);
        }
    }

    @Test
    void closingRemovesASpareAndOpeningRemovesOneLeftByACrash() throws IOException {
        Path spare = dir.resolve(SegmentAllocator.SPARE);
        try (LogStore log = SegmentedLogStore.open(dir, 4096)) {
            log.append(List.of(entry(1, 1, 3000)));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(spare));
        }
        assertThat(spare).doesNotExist();
        Files.write(spare, new byte[100]);
        try (LogStore log = SegmentedLogStore.open(dir, 4096)) {
            assertHolds(log, List.of(entry(1, 1, 3000)));
        }
        assertThat(spare).doesNotExist();
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
