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

    /** A log of N entries, the last one with a 200-byte payload, in a single segment; returns the segment path. */
    private Path writeLog(Path dir) {
        try (LogStore log = SegmentedLogStore.open(dir)) {
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

    private static long lastRecordStart(Path segment) throws IOException {
        return Files.size(segment) - RecordCodec.recordSize(entry(N, 1, 200));
    }

    @Test
    void lastRecordCutAtEveryOffsetIsCutBackToTheRecordBefore() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long start = lastRecordStart(original);
        long end = Files.size(original);
        for (long cut = start; cut < end; cut++) {
            Path dir = tmp.resolve("cut-" + cut);
            Files.createDirectories(dir);
            Path seg = dir.resolve(original.getFileName());
            Files.copy(original, seg);
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            try (LogStore log = SegmentedLogStore.open(dir)) {
                assertExactly(log, expected(N - 1));
                assertThat(Files.size(seg)).as("file cut back to the last good record").isEqualTo(start);
                log.append(List.of(entry(N, 2, 10)));
            }
            try (LogStore log = SegmentedLogStore.open(dir)) {
                assertThat(log.lastIndex()).isEqualTo(N);
                assertThat(log.entry(N)).isEqualTo(entry(N, 2, 10));
            }
        }
    }

    @Test
    void zeroFilledTailIsCutBack() throws IOException {
        Path dir = tmp.resolve("zeros");
        Path seg = writeLog(dir);
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8192), size);
        }
        try (LogStore log = SegmentedLogStore.open(dir)) {
            assertExactly(log, expected(N));
        }
        assertThat(Files.size(seg)).isEqualTo(size);
    }

    @Test
    void everyByteFlippedInTheLastRecordIsDetectedAndNeverServed() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long start = lastRecordStart(original);
        long end = Files.size(original);
        for (long at = start; at < end; at++) {
            Path dir = tmp.resolve("flip-" + at);
            Files.createDirectories(dir);
            Path seg = dir.resolve(original.getFileName());
            Files.copy(original, seg);
            rewrite(seg, at, (byte) ~byteAt(seg, at));
            try (LogStore log = SegmentedLogStore.open(dir)) {
                assertExactly(log, expected(N - 1));
            }
        }
    }

    @Test
    void flippedByteBeforeTheLastRecordRefusesToStartNamingFileAndOffset() throws IOException {
        Path original = writeLog(tmp.resolve("original"));
        long lastStart = lastRecordStart(original);
        Random random = new Random(3);
        for (int trial = 0; trial < 150; trial++) {
            long at = trial < 16 ? trial : Segment.HEADER_SIZE + (long) random.nextInt((int) (lastStart - Segment.HEADER_SIZE));
            Path dir = tmp.resolve("flip-" + trial);
            Files.createDirectories(dir);
            Path seg = dir.resolve(original.getFileName());
            Files.copy(original, seg);
            byte flipped = (byte) (byteAt(seg, at) ^ (1 << random.nextInt(8)));
            rewrite(seg, at, flipped);
            assertThatThrownBy(() -> SegmentedLogStore.open(dir).close())
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
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
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
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
        Files.delete(segments.get(1));
        assertThatThrownBy(() -> SegmentedLogStore.open(dir, 2048).close())
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(segments.get(2).toString());
    }

    @Test
    void corruptMarkerRefusesToStart() throws IOException {
        Path dir = tmp.resolve("marker");
        try (LogStore log = SegmentedLogStore.open(dir)) {
            log.append(range(1, 50, 1));
            log.compactPrefix(10);
        }
        Path marker = dir.resolve(SegmentedLogStore.MARKER);
        rewrite(marker, 10, (byte) ~byteAt(marker, 10));
        assertThatThrownBy(() -> SegmentedLogStore.open(dir).close())
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
        try (LogStore log = SegmentedLogStore.open(dir)) {
            assertExactly(log, expected(N));
        }
        assertThat(dir.resolve(SegmentedLogStore.MARKER + ".tmp")).doesNotExist();
    }

    @Test
    void aRecordDamagedWhileTheLogIsOpenIsNeverServed() throws IOException {
        Path dir = tmp.resolve("live");
        try (LogStore log = SegmentedLogStore.open(dir)) {
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
