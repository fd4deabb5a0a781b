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
import java.util.Random;
import java.util.stream.Stream;

import static io.raftboot.storage.TestEntries.entry;
import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged segment files on open: torn tails are cut back, anything else refuses to start; nothing bad is served. */
class SegmentedLogCrashTest {
    @TempDir
    Path tmp;

    private static final int N = 20;
    /** Room for the N entries with a zero tail after them; small, since most tests copy the file many times. */
    private static final long SEGMENT = 16 << 10;

    /** A log of N entries, the last one with a 200-byte payload, in a single segment; returns the segment path. */
    private Path writeLog(Path dir) {
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(range(1, N, 1));
            log.append(List.of(entry(N, 1, 200)));
            log.sync();
        }
        return dir.resolve(Segment.fileName(1));
    }

    private static List<Entry> expected(int count) {
        List<Entry> out = new ArrayList<>(range(1, Math.min(count, N - 1) + 1L, 1));
        if (count == N) {
            out.add(entry(N, 1, 200));
        }
        return out;
    }

    private static void assertExactly(LogStore log, List<Entry> expected) {
        assertThat(log.firstIndex()).isEqualTo(1);
        assertThat(log.lastIndex()).isEqualTo(expected.size());
        assertThat(log.entries(1, expected.size() + 1L, Long.MAX_VALUE)).isEqualTo(expected);
    }

    private static void rewrite(Path file, long offset, byte value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {value}), offset);
        }
    }

    private static byte byteAt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            return b.get(0);
        }
    }

    /** Where the last record starts: after the header and the N - 1 records before it. */
    private static long lastRecordStart() {
        long pos = Segment.HEADER_SIZE;
        for (Entry e : expected(N - 1)) {
            pos += RecordCodec.recordSize(e);
        }
        return pos;
    }

    /** Where the records end and the zero tail starts. */
    private static long recordsEnd() {
        return lastRecordStart() + RecordCodec.recordSize(entry(N, 1, 200));
    }

    @Test
    void lastRecordCutAtEveryOffsetIsCutBackToTheRecordBefore() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long start = lastRecordStart();
        long end = recordsEnd();
        for (long cut = start; cut < end; cut++) {
            Path seg = copy(original, "cut-" + cut);
            Path dir = seg.getParent();
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
                assertExactly(log, expected(N - 1));
                assertThat(Files.size(seg)).as("file cut back to the last good record").isGreaterThanOrEqualTo(start);
                try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
                    // a cut inside the zero high bytes of the length field leaves them: they read as the zero tail
                    assertThat(Zeros.firstNonZero(ch, start, ch.size())).as("nothing after the last good record").isEqualTo(-1);
                }
                log.append(List.of(entry(N, 2, 10)));
            }
            try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
                assertThat(log.lastIndex()).isEqualTo(N);
                assertThat(log.entry(N)).isEqualTo(entry(N, 2, 10));
            }
        }
    }

    @Test
    void lastRecordTornInsidePreallocatedSpaceIsCutBackAtEveryOffset() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        assertThat(Files.size(original)).as("preallocated").isEqualTo(SEGMENT);
        long start = lastRecordStart();
        long end = recordsEnd();
        for (long cut = start; cut < end; cut++) {
            Path seg = copy(original, "torn-" + cut);
            Path dir = seg.getParent();
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                Zeros.write(ch, cut, end); // the rest of the record never reached the disk
            }
            try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
                assertExactly(log, expected(N - 1));
                log.append(List.of(entry(N, 2, 10)));
            }
            try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
                assertExactly(log, append(expected(N - 1), entry(N, 2, 10)));
            }
        }
    }

    @Test
    void zeroFilledTailOfASegmentWrittenBeforePreallocationIsTheEndOfTheLog() throws IOException {
        Path dir = tmp.resolve("zeros");
        Path seg = writeUnpreallocatedLog(dir, expected(N));
        long end = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8192), end); // the size reached the disk, the data did not
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, expected(N));
            log.append(List.of(entry(N + 1, 1)));
        }
        assertThat(recordAt(seg, end)).as("the next record goes right after the last one").isEqualTo(entry(N + 1, 1));
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, append(expected(N), entry(N + 1, 1)));
        }
    }

    @Test
    void segmentWrittenBeforePreallocationOpensAndTheLogGoesOnInPreallocatedSegments() throws IOException {
        Path dir = tmp.resolve("old");
        Path seg = writeUnpreallocatedLog(dir, expected(N));
        long end = Files.size(seg);
        List<Entry> all = new ArrayList<>(expected(N));
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, expected(N));
            List<Entry> more = range(N + 1, 1000, 1);
            log.append(more);
            all.addAll(more);
            log.sync();
        }
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSizeGreaterThan(2).first().isEqualTo(seg);
        assertThat(Files.size(seg)).as("the old segment grows by a step, capped at its roll size").isGreaterThan(end).isLessThanOrEqualTo(SEGMENT);
        for (Path p : segments.subList(1, segments.size())) {
            assertThat(Files.size(p)).as("new segment %s is preallocated", p).isEqualTo(SEGMENT);
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, all);
        }
    }

    @Test
    void garbageInTheZeroTailIsATornTailCutBackWithEveryRecordKept() throws IOException {
        Path dir = tmp.resolve("garbage");
        Path seg = writeLog(dir);
        rewrite(seg, recordsEnd() + 100, (byte) 7);
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, expected(N));
            log.append(List.of(entry(N + 1, 1)));
        }
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, append(expected(N), entry(N + 1, 1)));
        }
    }

    @Test
    void zeroedRecordFollowedByValidRecordsRefusesToStart() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long tenth = Segment.HEADER_SIZE;
        for (Entry e : expected(9)) {
            tenth += RecordCodec.recordSize(e);
        }
        long[] zeroedEnds = {tenth + RecordCodec.HEADER, tenth + RecordCodec.recordSize(entry(10, 1))};
        for (long zeroedEnd : zeroedEnds) {
            Path seg = copy(original, "zeroed-" + zeroedEnd);
            Path dir = seg.getParent();
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                Zeros.write(ch, tenth, zeroedEnd);
            }
            assertThatThrownBy(() -> SegmentedLogStore.open(dir, SEGMENT).close())
                    .isInstanceOf(CorruptLogException.class)
                    .hasMessageContaining(seg.toString())
                    .hasMessageContaining("offset " + tenth)
                    .hasMessageContaining("followed by valid records");
            assertThat(Files.readAllBytes(seg)).as("left as it was").isNotEqualTo(Files.readAllBytes(original))
                    .hasSize((int) SEGMENT);
        }
    }

    @Test
    void garbageInTheZeroTailOfANonLastSegmentRefusesToStart() throws IOException {
        Path dir = tmp.resolve("segments");
        try (LogStore log = SegmentedLogStore.open(dir, 2048)) {
            log.append(range(1, 200, 1));
        }
        Path first = segmentFiles(dir).get(0);
        assertThat(Files.size(first)).isEqualTo(2048);
        rewrite(first, 2047, (byte) 1);
        assertThatThrownBy(() -> SegmentedLogStore.open(dir, 2048).close())
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining("offset");
    }

    /**
     * A configuration record torn on its way to disk goes with the cut-back tail: the store no longer
     * names it, and names the configuration records before it, as reading the log finds them.
     */
    @Test
    void tornConfigurationRecordIsNoLongerNamedAtEveryOffset() throws IOException {
        List<Entry> entries = List.of(configuration(1), entry(2, 1), configuration(3), entry(4, 1), configuration(5));
        Path original = tmp.resolve("configurations");
        try (LogStore log = SegmentedLogStore.open(original, SEGMENT)) {
            log.append(entries);
            log.sync();
            assertThat(log.configurationIndexes(1, 5)).containsExactly(1, 3, 5);
        }
        long start = Segment.HEADER_SIZE;
        for (Entry e : entries.subList(0, 4)) {
            start += RecordCodec.recordSize(e);
        }
        long end = start + RecordCodec.recordSize(entries.get(4));
        for (long cut = start; cut < end; cut++) {
            Path seg = copy(original.resolve(Segment.fileName(1)), "torn-configuration-" + cut);
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                Zeros.write(ch, cut, end);
            }
            try (LogStore log = SegmentedLogStore.open(seg.getParent(), SEGMENT)) {
                assertThat(log.lastIndex()).isEqualTo(4);
                assertThat(log.configurationIndexes(1, 4)).containsExactly(1, 3)
                        .containsExactly(io.raftboot.consensus.ConfigurationEntries.read(log::entries, 1, 4));
            }
        }
    }

    /** A damaged configuration record with valid records after it refuses the start like any other damage. */
    @Test
    void corruptConfigurationRecordFollowedByValidRecordsRefusesToStart() throws IOException {
        Path dir = tmp.resolve("corrupt-configuration");
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(List.of(entry(1, 1), configuration(2), entry(3, 1)));
            log.sync();
        }
        Path seg = dir.resolve(Segment.fileName(1));
        long payload = Segment.HEADER_SIZE + RecordCodec.recordSize(entry(1, 1)) + RecordCodec.MIN_RECORD;
        rewrite(seg, payload, (byte) (byteAt(seg, payload) ^ 0x10));
        assertThatThrownBy(() -> SegmentedLogStore.open(dir, SEGMENT).close())
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(seg.toString())
                .hasMessageContaining("offset " + (payload - RecordCodec.MIN_RECORD))
                .hasMessageContaining("followed by valid records");
    }

    private static Entry configuration(long index) {
        return new Entry(index, 1, io.raftboot.consensus.EntryType.CONFIGURATION, new byte[] {1, 2, 3, (byte) index});
    }

    /** A copy of the segment in a directory of its own. */
    private Path copy(Path original, String dirName) throws IOException {
        Path dir = tmp.resolve(dirName);
        Files.createDirectories(dir);
        return Files.copy(original, dir.resolve(original.getFileName()));
    }

    /** A segment as the log wrote it before preallocation: header and records, nothing after them. */
    private static Path writeUnpreallocatedLog(Path dir, List<Entry> entries) throws IOException {
        int size = Segment.HEADER_SIZE;
        for (Entry e : entries) {
            size += RecordCodec.recordSize(e);
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(Segment.header(1));
        for (Entry e : entries) {
            RecordCodec.encode(e, b);
        }
        Files.createDirectories(dir);
        Path seg = dir.resolve(Segment.fileName(1));
        Files.write(seg, b.array());
        return seg;
    }

    private static Entry recordAt(Path segment, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) (ch.size() - offset));
            ch.read(b, offset);
            return RecordCodec.tryDecode(b.flip());
        }
    }

    private static List<Entry> append(List<Entry> entries, Entry last) {
        List<Entry> out = new ArrayList<>(entries);
        out.add(last);
        return out;
    }

    private static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void everyByteFlippedInTheLastRecordIsDetectedAndNeverServed() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long start = lastRecordStart();
        long end = recordsEnd();
        for (long at = start; at < end; at++) {
            Path seg = copy(original, "flip-" + at);
            Path dir = seg.getParent();
            rewrite(seg, at, (byte) ~byteAt(seg, at));
            try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
                assertExactly(log, expected(N - 1));
            }
        }
    }

    @Test
    void flippedByteBeforeTheLastRecordRefusesToStartNamingFileAndOffset() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long lastStart = lastRecordStart();
        Random random = new Random(3);
        for (int trial = 0; trial < 150; trial++) {
            long at = trial < 16 ? trial : Segment.HEADER_SIZE + (long) random.nextInt((int) (lastStart - Segment.HEADER_SIZE));
            Path seg = copy(original, "flip-" + trial);
            Path dir = seg.getParent();
            byte flipped = (byte) (byteAt(seg, at) ^ (1 << random.nextInt(8)));
            rewrite(seg, at, flipped);
            assertThatThrownBy(() -> SegmentedLogStore.open(dir, SEGMENT).close())
                    .as("flip at offset %d", at)
                    .isInstanceOf(CorruptLogException.class)
                    .hasMessageContaining(seg.toString())
                    .hasMessageContaining("offset");
        }
    }

    @Test
    void damageInANonLastSegmentRefusesToStart() throws IOException {
        Path dir = tmp.resolve("segments");
        try (LogStore log = SegmentedLogStore.open(dir, 2048)) {
            log.append(range(1, 200, 1));
        }
        List<Path> segments = segmentFiles(dir);
        assertThat(segments).hasSizeGreaterThan(2);
        Path first = segments.get(0);
        long at = Files.size(first) - 3; // inside its last record: a tail, but not the log's tail
        rewrite(first, at, (byte) ~byteAt(first, at));
        assertThatThrownBy(() -> SegmentedLogStore.open(dir, 2048).close())
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(first.toString())
                .hasMessageContaining("offset");
    }

    @Test
    void missingMiddleSegmentIsAGap() throws IOException {
        Path dir = tmp.resolve("gap");
        try (LogStore log = SegmentedLogStore.open(dir, 2048)) {
            log.append(range(1, 200, 1));
        }
        List<Path> segments = segmentFiles(dir);
        Files.delete(segments.get(1));
        assertThatThrownBy(() -> SegmentedLogStore.open(dir, 2048).close())
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(segments.get(2).toString());
    }

    @Test
    void corruptMarkerRefusesToStart() throws IOException {
        Path dir = tmp.resolve("marker");
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(range(1, 50, 1));
            log.compactPrefix(10);
        }
        Path marker = dir.resolve(SegmentedLogStore.MARKER);
        rewrite(marker, 10, (byte) ~byteAt(marker, 10));
        assertThatThrownBy(() -> SegmentedLogStore.open(dir, SEGMENT).close())
                .isInstanceOf(CorruptLogException.class).hasMessageContaining(marker.toString());
    }

    @Test
    void recoveryCheckRefusesAGapBetweenSnapshotAndLogButAcceptsALogEndingBeforeIt() {
        try (LogStore log = SegmentedLogStore.open(tmp.resolve("recovery"))) {
            log.append(range(1, 101, 1));
            log.compactPrefix(60);
            StorageRecovery.check(log, 60, "node-a");
            StorageRecovery.check(log, 80, "node-a");
            assertThat(StorageRecovery.logSupersededBySnapshot(log, 80, 1)).isFalse();
            assertThat(StorageRecovery.logSupersededBySnapshot(log, 80, 2)).isTrue();
            assertThat(StorageRecovery.logSupersededBySnapshot(log, 150, 1)).isTrue();
            assertThatThrownBy(() -> StorageRecovery.check(log, 40, "node-a"))
                    .isInstanceOf(CorruptLogException.class)
                    .hasMessageContaining("node-a").hasMessageContaining("41..60");
        }
    }

    @Test
    void strayTempFilesAreIgnoredAndRemoved() throws IOException {
        Path dir = tmp.resolve("stray");
        writeLog(dir);
        Files.write(dir.resolve(SegmentedLogStore.MARKER + ".tmp"), new byte[] {1, 2, 3});
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            assertExactly(log, expected(N));
        }
        assertThat(dir.resolve(SegmentedLogStore.MARKER + ".tmp")).doesNotExist();
    }

    @Test
    void aRecordDamagedWhileTheLogIsOpenIsNeverServed() throws IOException {
        Path dir = tmp.resolve("live");
        try (LogStore log = SegmentedLogStore.open(dir, SEGMENT)) {
            log.append(range(1, 11, 1));
            Path seg = dir.resolve(Segment.fileName(1));
            long at = Segment.HEADER_SIZE + RecordCodec.recordSize(entry(1, 1)) + RecordCodec.recordSize(entry(2, 1))
                    + RecordCodec.HEADER + 2; // inside the index field of record 3
            rewrite(seg, at, (byte) ~byteAt(seg, at));
            assertThat(log.entry(2)).isEqualTo(entry(2, 1));
            assertThatThrownBy(() -> log.entry(3)).isInstanceOf(CorruptLogException.class)
                    .hasMessageContaining(seg.toString()).hasMessageContaining("offset");
            assertThatThrownBy(() -> log.entries(1, 11, Long.MAX_VALUE)).isInstanceOf(CorruptLogException.class);
            assertThat(log.entries(4, 11, Long.MAX_VALUE)).isEqualTo(range(4, 11, 1));
        }
    }
}
