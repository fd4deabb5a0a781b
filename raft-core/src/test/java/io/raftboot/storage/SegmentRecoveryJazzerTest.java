package io.raftboot.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.fuzz.AllocationMeter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer target for the segmented log's recovery: what {@link SegmentedLogStore#open} makes of a
 * segment file holding arbitrary bytes. Runs its kept inputs in every build; {@code scripts/fuzz.sh}
 * fuzzes it.
 */
class SegmentRecoveryJazzerTest {

    /**
     * The first byte chooses whether the input is the segment file as is, or a valid header followed
     * by the rest with every record's checksum repaired (past zero gaps too), so that fuzzing reaches
     * the index, term and type checks; with its second bit also set, a zero tail of up to 63 bytes
     * follows, as in a preallocated segment. Opening either refuses with {@link CorruptLogException}
     * naming the file and an offset, or succeeds with a log that starts at index 1 or later, whose
     * file was cut back to a prefix of the input at most, whose every entry reads back in order with
     * non-decreasing terms, which reopens to the same log, and which after one more append reopens
     * with exactly that entry added (nothing after the end of the records comes back).
     */
    @FuzzTest(maxDuration = "2m")
    void openSegmentWithArbitraryBytes(byte[] input) throws IOException {
        boolean repair = input.length > 0 && (input[0] & 1) == 1;
        byte[] file = repair ? repaired(input) : input;
        if (repair && (input[0] & 2) == 2) {
            file = Arrays.copyOf(file, file.length + ((input[0] & 0xFF) >>> 2));
        }
        long first = file.length >= 16 ? ByteBuffer.wrap(file).getLong(8) : 1;
        Path dir = Files.createTempDirectory("segfuzz");
        try {
            Path segment = dir.resolve(Segment.fileName(first));
            Files.write(segment, file);
            long firstIndex;
            long lastIndex;
            try (SegmentedLogStore log = SegmentedLogStore.open(dir, 1 << 20)) {
                firstIndex = log.firstIndex();
                lastIndex = log.lastIndex();
                assertThat(firstIndex).isGreaterThanOrEqualTo(1);
                assertThat(lastIndex).isGreaterThanOrEqualTo(firstIndex - 1);
                long previousTerm = 0;
                for (long i = firstIndex; i <= lastIndex; i++) {
                    Entry e = log.entry(i);
                    assertThat(e.index()).isEqualTo(i);
                    assertThat(e.term()).isEqualTo(log.term(i)).isGreaterThanOrEqualTo(previousTerm);
                    previousTerm = e.term();
                }
            } catch (CorruptLogException refused) {
                assertThat(refused).hasMessageContaining(segment.toString()).hasMessageContaining("offset");
                assertThat(segment).exists();
                assertThat(Files.readAllBytes(segment)).as("a refused log is left as it was").isEqualTo(file);
                return;
            }
            if (file.length < Segment.HEADER_SIZE) {
                // a torn header of the last segment: removed, and the log starts afresh
                assertThat(firstIndex).isEqualTo(1);
                assertThat(lastIndex).isEqualTo(0);
            } else if (Files.exists(segment)) {
                byte[] kept = Files.readAllBytes(segment);
                assertThat(kept).as("recovery only cuts the file back").isEqualTo(Arrays.copyOf(file, kept.length));
            }
            try (SegmentedLogStore again = SegmentedLogStore.open(dir, 1 << 20)) {
                assertThat(again.firstIndex()).isEqualTo(firstIndex);
                assertThat(again.lastIndex()).isEqualTo(lastIndex);
            }
            if (lastIndex < Long.MAX_VALUE) { // a header may name any first index
                assertOneMoreAppendReadsBack(dir);
            }
            // the scan reads through one fixed 1 MiB buffer, whatever the file declares
            AllocationMeter.assertProportional(2 << 20, file.length, 64, () -> SegmentedLogStore.open(dir, 1 << 20).close());
        } finally {
            SnapshotFileJazzerTest.deleteAll(dir);
        }
    }

    /** Appends one entry after the recovered log; exactly it, and nothing after it, is read back after a reopen. */
    private static void assertOneMoreAppendReadsBack(Path dir) {
        Entry next;
        long lastIndex;
        try (SegmentedLogStore log = SegmentedLogStore.open(dir, 1 << 20)) {
            lastIndex = log.lastIndex();
            long term = lastIndex >= log.firstIndex() ? log.term(lastIndex) : 1;
            next = new Entry(lastIndex + 1, term, EntryType.NOOP, new byte[0]);
            log.append(List.of(next));
        }
        try (SegmentedLogStore log = SegmentedLogStore.open(dir, 1 << 20)) {
            assertThat(log.lastIndex()).isEqualTo(lastIndex + 1);
            assertThat(log.entry(lastIndex + 1)).isEqualTo(next);
        }
    }

    /**
     * A valid segment header, then the input's records with their checksums made to match; a zero
     * record header is skipped over (zeros end the records), so records after a zero gap are valid
     * too and must make recovery refuse.
     */
    private static byte[] repaired(byte[] input) {
        byte[] file = new byte[Segment.HEADER_SIZE + input.length - 1];
        ByteBuffer b = ByteBuffer.wrap(file);
        long first = input.length >= 9 ? ByteBuffer.wrap(input, 1, 8).getLong() : 1;
        b.put(Segment.header(Math.floorMod(first, 5) == 0 ? first : 1));
        System.arraycopy(input, 1, file, Segment.HEADER_SIZE, input.length - 1);
        int pos = Segment.HEADER_SIZE;
        while (pos + RecordCodec.MIN_RECORD <= file.length) {
            if (b.getLong(pos) == 0) {
                pos++;
                continue;
            }
            int length = RecordCodec.recordLength(b, pos);
            if (length < 0 || length > file.length - pos) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(file, pos + RecordCodec.HEADER, length - RecordCodec.HEADER);
            b.putInt(pos + 4, (int) crc.getValue());
            pos += length;
        }
        return file;
    }
}
