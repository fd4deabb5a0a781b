package io.raftboot.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment keeps terms as runs: every record still reports its own term, through truncations too. */
class SegmentTermRunsTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordKeepsItsTermAcrossRunsAndTruncations() throws Exception {
        Segment segment = new SegmentAllocator(dir, 4096).newSegment(101);
        List<Long> expected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        long term = 1;
        long size = Segment.HEADER_SIZE;
        for (int round = 0; round < 200; round++) {
            int appends = random.nextInt(1, 40);
            for (int i = 0; i < appends; i++) {
                if (random.nextInt(10) == 0) {
                    term += random.nextInt(1, 3);
                }
                segment.add(size, term, size + 10);
                size += 10;
                expected.add(term);
            }
            if (random.nextInt(3) == 0 && !expected.isEmpty()) {
                int keep = random.nextInt(expected.size());
                segment.truncate(101 + keep);
                expected.subList(keep, expected.size()).clear();
                size = Segment.HEADER_SIZE + 10L * keep;
                term++; // a truncation is followed by entries of a newer term, as in Raft
            }
            assertThat(segment.count()).isEqualTo(expected.size());
            for (int k = 0; k < expected.size(); k++) {
                assertThat(segment.term(101 + k)).as("term of %d", 101 + k).isEqualTo(expected.get(k));
                assertThat(segment.offset(101 + k)).isEqualTo(Segment.HEADER_SIZE + 10L * k);
            }
        }
        segment.close();
    }
}
