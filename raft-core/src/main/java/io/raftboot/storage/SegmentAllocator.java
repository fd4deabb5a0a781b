package io.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Gives the segment files of a {@link SegmentedLogStore} real zeros ahead of the records, so that
 * an append overwrites blocks that are already allocated and part of the file and the fdatasync of
 * its batch has only data to write; into a file that grows, every fdatasync also commits the new
 * size, which on ext4 is a journal commit. A sparse {@code setLength} or an fallocate'd extent
 * would not do: the first write into each block still changes metadata (see BENCHMARKS.md,
 * "Preallocated segments").
 *
 * <p>The zeroed extent grows in {@link #STEP}s on the writer thread, just before an append would
 * run past it, and never past the roll size (or the end of a batch that alone is larger). The zeros
 * are not synced on their own: the next fdatasync of the records commits the new size with them,
 * once per step rather than once per append. A crash before that fdatasync leaves the file shorter
 * or its new part unwritten; neither holds an acknowledged record, and recovery reads a short file
 * or a zero tail as the end of the records.
 */
final class SegmentAllocator {
    /**
     * Large enough that the size commit it costs is shared by thousands of small appends, small
     * enough that a fresh log, which most short-lived members (tests above all) never fill, writes
     * little, and that writing one step on the writer thread delays a batch by a few milliseconds.
     */
    static final long STEP = 4L << 20;

    private final Path dir;
    private final long rollSize;

    SegmentAllocator(Path dir, long rollSize) {
        this.dir = dir;
        this.rollSize = rollSize;
    }

    /**
     * A new, empty segment starting at {@code firstIndex}: its header and the first step of zeros,
     * none of it synced yet (the first sync of a record commits them, the directory entry needs a
     * directory fsync as any created file does).
     */
    Segment newSegment(long firstIndex) throws IOException {
        Path path = dir.resolve(Segment.fileName(firstIndex));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = Segment.header(firstIndex);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            long extent = Math.min(STEP, rollSize);
            Zeros.write(ch, Segment.HEADER_SIZE, extent);
            return new Segment(path, firstIndex, ch, extent);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Zeroes the segment up to at least {@code end}, where an append is about to end: to the end
     * of the step holding it, capped at the roll size, but never short of {@code end}.
     */
    void reserve(Segment seg, long end) throws IOException {
        if (end <= seg.extent()) {
            return;
        }
        long stepEnd = (end + STEP - 1) / STEP * STEP;
        long target = Math.max(end, Math.min(stepEnd, rollSize));
        Zeros.write(seg.channel, seg.extent(), target);
        seg.extendTo(target);
    }
}
