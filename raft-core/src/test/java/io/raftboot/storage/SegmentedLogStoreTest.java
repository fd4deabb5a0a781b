package io.raftboot.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.raftboot.storage.TestEntries.range;
import static org.assertj.core.api.Assertions.assertThat;

/** The conformance suite on small segments (so rolling, deleting and truncating files all happen). */
class SegmentedLogStoreTest extends LogStoreConformanceTest {
    static final long SMALL_SEGMENT = 4096;

    @Override
    LogStore open(Path dir) {
        return SegmentedLogStore.open(dir, SMALL_SEGMENT);
    }

    @Override
    boolean persistent() {
        return true;
    }

    List<String> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void rollsSegmentsAndDeletesWholeObsoleteOnesOnCompaction() throws IOException {
        log.append(range(1, 501, 1));
        List<String> before = segmentFiles();
        assertThat(before).hasSizeGreaterThan(5).first().isEqualTo("00000000000000000001.seg");
        for (String name : before) {
            assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(SMALL_SEGMENT);
        }
        log.compactPrefix(250);
        List<String> after = segmentFiles();
        assertThat(after.size()).isLessThan(before.size());
        long firstKept = Long.parseLong(after.get(0).substring(0, 20));
        assertThat(firstKept).isLessThanOrEqualTo(251);
        assertThat(log.firstIndex()).isEqualTo(251);
        log.truncateSuffix(260);
        assertThat(segmentFiles().size()).isLessThan(after.size());
        reopen();
        assertHolds(251, range(251, 260, 1));
    }

    @Test
    void resetLeavesOneEmptySegmentNamedAfterTheNextIndex() throws IOException {
        log.append(range(1, 300, 1));
        log.reset(5000);
        assertThat(segmentFiles()).containsExactly("00000000000000005001.seg");
    }

    @Test
    void everyFileStartsWithMagicAndVersion() throws IOException {
        log.append(range(1, 3, 1));
        log.compactPrefix(1);
        byte[] seg = Files.readAllBytes(dir.resolve(segmentFiles().get(0)));
        assertThat(new String(seg, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RBSG");
        assertThat(seg[7]).isEqualTo((byte) Segment.VERSION);
        byte[] marker = Files.readAllBytes(dir.resolve(SegmentedLogStore.MARKER));
        assertThat(new String(marker, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RBFI");
    }
}
