package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.SnapshotMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Read-only access to the on-disk formats for offline tools (the inspector). Unlike the stores, it
 * never cuts a torn tail, deletes a temporary file or takes the data directory lock: every file is
 * opened for reading only, so it is safe on the directory of a running node.
 */
public final class StorageInspection {
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("\\d{20}-\\d{20}\\.snap");

    private StorageInspection() {
    }

    /**
     * What one segment file holds. {@code corruptAt} is -1 when every byte after the header is a
     * valid record; otherwise {@code problem} says what is wrong there. {@code tornTail} marks damage
     * at the very end of the last segment with nothing valid after it: what a crash (or a write in
     * progress on a live node) leaves, cut back on the next start rather than refused.
     */
    public record SegmentReport(Path file, long firstIndex, long lastIndex, long fileSize, long corruptAt,
                                String problem, boolean tornTail) {
        public boolean damaged() {
            return corruptAt >= 0 && !tornTail;
        }
    }

    /** A snapshot file's header and checksums; {@code problem} is null when all of them match. */
    /** {@code problemOffset} is where the damage shows, -1 when unknown (or no problem). */
    public record SnapshotCheck(Path file, SnapshotMeta meta, long size, String checksum, String problem,
                                long problemOffset) {
    }

    /** The segment files of a segmented log directory, in index order. */
    public static List<Path> segmentFiles(Path logDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(logDir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(logDir)) {
            list.filter(p -> p.getFileName().toString().matches("\\d+\\" + Segment.SUFFIX)).forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** The logical first index recorded after prefix compaction, if any; corrupt marker → exception naming it. */
    public static OptionalLong firstIndexMarker(Path logDir) throws IOException {
        return SegmentedLogStore.readMarker(logDir);
    }

    /**
     * Reads every segment of a segmented log in order, handing each valid entry to {@code sink}, and
     * reports per file where (if anywhere) the valid records end. A segment removed by a live node's
     * compaction while this runs is skipped.
     */
    public static List<SegmentReport> scanSegmentedLog(Path logDir, Consumer<Entry> sink) throws IOException {
        List<Path> files = segmentFiles(logDir);
        List<SegmentReport> reports = new ArrayList<>();
        long[] previousTerm = {0};
        Consumer<Entry> tracking = e -> {
            previousTerm[0] = e.term();
            sink.accept(e);
        };
        for (int i = 0; i < files.size(); i++) {
            Path path = files.get(i);
            boolean last = i == files.size() - 1;
            String name = path.getFileName().toString();
            long first = Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length()));
            FileChannel ch;
            try {
                ch = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            }
            try (ch) {
                reports.add(scanOne(path, first, ch, last, previousTerm[0], tracking));
            }
        }
        return reports;
    }

    private static SegmentReport scanOne(Path path, long first, FileChannel ch, boolean last, long previousTerm,
                                         Consumer<Entry> sink) throws IOException {
        long size = ch.size();
        if (size < Segment.HEADER_SIZE) {
            return new SegmentReport(path, first, first - 1, size, 0, "truncated header (" + size + " bytes)", last);
        }
        ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_SIZE);
        while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
            // positional read loop
        }
        header.flip();
        if (header.getInt(0) != Segment.MAGIC) {
            return new SegmentReport(path, first, first - 1, size, 0, "bad magic number", false);
        }
        if (header.getInt(4) != Segment.VERSION) {
            return new SegmentReport(path, first, first - 1, size, 4, "unsupported format version " + header.getInt(4),
                    false);
        }
        if (header.getLong(8) != first) {
            return new SegmentReport(path, first, first - 1, size, 8,
                    "header says first index " + header.getLong(8) + ", file name says " + first, false);
        }
        Segment seg = new Segment(path, first, ch, ch.size());
        SegmentScanner.Result r = SegmentScanner.scan(seg, previousTerm);
        for (long index = first; index <= seg.lastIndex(); index++) {
            long offset = seg.offset(index);
            ByteBuffer record = ByteBuffer.allocate((int) (seg.end(index) - offset));
            seg.readFully(record, offset);
            record.flip();
            Entry e = RecordCodec.tryDecode(record);
            if (e == null) {
                // changed under us (a live node truncating its suffix): report, stop here
                return new SegmentReport(path, first, index - 1, size, offset, "record changed while reading", last);
            }
            sink.accept(e);
        }
        boolean torn = r.corruptAt() >= 0 && last
                && !SegmentScanner.validRecordAfter(ch, r.corruptAt(), seg.lastIndex());
        return new SegmentReport(path, first, seg.lastIndex(), size, r.corruptAt(), r.problem(), torn);
    }

    /** The snapshot files of a snapshot directory ({@code <index>-<term>.snap}), oldest first. */
    public static List<Path> snapshotFiles(Path snapshotDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(snapshotDir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(snapshotDir)) {
            list.filter(p -> SNAPSHOT_NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** Checks header, trailer and data checksum of one snapshot file, reading it only. */
    public static SnapshotCheck checkSnapshot(Path file) {
        long size = -1;
        SnapshotMeta meta = null;
        String checksum = null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            SnapshotFormat.Layout layout = SnapshotFormat.read(file, ch);
            meta = layout.meta();
            checksum = String.format("%08x", layout.dataCrc());
            SnapshotFormat.verifyData(file, ch, layout);
            return new SnapshotCheck(file, meta, size, checksum, null, -1);
        } catch (SnapshotDamageException e) {
            return new SnapshotCheck(file, meta, size, checksum, e.getMessage(), e.offset());
        } catch (IOException e) {
            return new SnapshotCheck(file, meta, size, checksum, e.getMessage(), -1);
        }
    }
}
