package io.raftboot.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Creates the segment files of a {@link SegmentedLogStore} at their full size, written with real
 * zeros and fsynced before they hold a record. Appends then overwrite blocks that are already
 * allocated and part of the file, so the fdatasync of a batch has only data to write; a growing
 * file also has its new size to commit, which on ext4 is a journal commit per fsync. A sparse
 * {@code setLength} or an fallocate'd extent would not do: the first write into each block still
 * changes metadata (see BENCHMARKS.md, "Preallocated segments").
 *
 * <p>Writing 64 MB of zeros takes a while, so one spare file is prepared ahead on a background
 * thread once the active segment is half full ({@link #prepareAhead}); rolling then seldom waits.
 * A short-lived log (tests, a node that starts and stops) never pays for a spare it does not use.
 * The spare gets its header and its name only when taken, because only then is its first index
 * known; the header is synced before the rename, so a crash leaves either the {@code .tmp} file
 * (deleted by recovery) or a named segment with a valid header and no records.
 */
final class SegmentAllocator {
    static final String SPARE = "next-segment.tmp";
    private static final Executor BACKGROUND = task -> {
        Thread t = new Thread(task, "raft-log-preallocate");
        t.setDaemon(true);
        t.start();
    };

    private final Path dir;
    private final long capacity;
    /** The spare being prepared or ready; null when none. */
    private CompletableFuture<FileChannel> spare;

    SegmentAllocator(Path dir, long capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    /** Starts preparing a spare in the background unless one is already on its way. */
    synchronized void prepareAhead() {
        if (spare == null) {
            spare = CompletableFuture.supplyAsync(() -> {
                try {
                    return preallocate();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, BACKGROUND);
        }
    }

    /**
     * The new, empty segment starting at {@code firstIndex}, made from the spare (waiting for it if
     * it is still being written) or, without one, preallocated on this thread. Its directory entry
     * still needs a directory fsync, as any created file does.
     */
    synchronized Segment newSegment(long firstIndex) throws IOException {
        FileChannel ch = spare != null ? take() : preallocate();
        Path path = dir.resolve(Segment.fileName(firstIndex));
        try {
            ByteBuffer header = Segment.header(firstIndex);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.force(false);
            Files.move(dir.resolve(SPARE), path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new Segment(path, firstIndex, ch);
    }

    /** Waits for a spare in preparation, closes and deletes it. */
    synchronized void close() {
        if (spare == null) {
            return;
        }
        try {
            take().close();
            Files.deleteIfExists(dir.resolve(SPARE));
        } catch (IOException | RuntimeException ignored) {
            // a spare that failed or cannot be removed is deleted by the next recovery
        }
    }

    private FileChannel take() throws IOException {
        CompletableFuture<FileChannel> f = spare;
        spare = null;
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    private FileChannel preallocate() throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(SPARE), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            Zeros.write(ch, 0, capacity);
            ch.force(true); // size and block allocation durable once, before any record depends on them
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }
}
