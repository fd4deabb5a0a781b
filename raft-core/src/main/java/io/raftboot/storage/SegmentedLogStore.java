package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The default log: append-only segment files {@code <first index>.seg} of checksummed records (see
 * {@link RecordCodec}), rolled at a size limit, with the offset and term of every record indexed in
 * memory. Segments are zero-filled ahead of the records, a step at a time ({@link SegmentAllocator}),
 * so that an append mostly overwrites allocated space and its fsync commits data only; the records
 * of a segment end at its first zero record header, whatever the file's length.
 *
 * <p>Appends are one positional write per segment touched (a batch is encoded into one buffer).
 * Suffix truncation deletes later segments and zeroes the dropped records of one file; prefix
 * compaction deletes whole obsolete segments and records the logical first index in the
 * {@code first-index} marker file (magic, version, index, CRC32C). Reads are positional and run concurrently with the single writer:
 * the writer writes outside any lock and only publishes new offsets under the write lock, so readers
 * never see an entry before its bytes are in the file.
 *
 * <p>On open a torn or corrupt tail of the last segment (nothing valid after it) is cut back to the
 * last good record with a WARN naming file and offset; damage followed by valid records, or inside a
 * non-last segment, throws {@link CorruptLogException} naming file and offset. A zero tail is not
 * damage but the end of the records; non-zero bytes after it are damage at its start. Files written
 * before preallocation (no zero tail), and a last segment cut back on open, are used as they are:
 * their zeroed extent ends at the file's end and grows by steps from there like any other.
 */
public final class SegmentedLogStore implements LogStore {
    private static final Logger log = LoggerFactory.getLogger(SegmentedLogStore.class);
    public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
    static final String MARKER = "first-index";
    private static final int MARKER_MAGIC = 0x5242_4649; // "RBFI"
    private static final int MARKER_VERSION = 1;

    private final Path dir;
    private final long segmentSize;
    private final SegmentAllocator allocator;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by lock for readers; the single writer also reads it without the lock. */
    private final List<Segment> segments = new ArrayList<>();
    private volatile long firstIndex;
    private volatile long lastIndex;
    private volatile boolean closed;
    /** Writer-only state. */
    private final Set<Segment> dirty = new LinkedHashSet<>();
    private boolean dirDirty;
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(1 << 16);

    private SegmentedLogStore(Path dir, long segmentSize) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.allocator = new SegmentAllocator(dir, segmentSize);
    }

    public static SegmentedLogStore open(Path dir) {
        return open(dir, DEFAULT_SEGMENT_SIZE);
    }

    /** Opens or creates the log; {@code segmentSize} is where a segment rolls (tests use small ones). */
    public static SegmentedLogStore open(Path dir, long segmentSize) {
        if (segmentSize < Segment.HEADER_SIZE + RecordCodec.MIN_RECORD) {
            throw new IllegalArgumentException("segment size too small: " + segmentSize);
        }
        SegmentedLogStore store = new SegmentedLogStore(dir, segmentSize);
        try {
            Files.createDirectories(dir);
            store.recover();
            return store;
        } catch (IOException e) {
            store.closeSegments();
            throw new StorageException("cannot open log in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.closeSegments();
            throw e;
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        List<Long> firsts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                } else if (name.endsWith(Segment.SUFFIX)) {
                    firsts.add(parseFirstIndex(p));
                }
            }
        }
        firsts.sort(null);
        long marker = readMarker(dir).orElse(0);
        long previousTerm = 0;
        for (int i = 0; i < firsts.size(); i++) {
            long first = firsts.get(i);
            Path path = dir.resolve(Segment.fileName(first));
            boolean last = i == firsts.size() - 1;
            Segment seg = openSegment(path, first, last);
            if (seg == null) {
                continue; // torn header of a just-created last segment, removed
            }
            if (!segments.isEmpty()) {
                Segment prev = segments.get(segments.size() - 1);
                if (prev.lastIndex() + 1 != first) {
                    seg.close();
                    throw new CorruptLogException("log segment " + path + " starts at index " + first
                            + " but the previous segment " + prev.path + " ends at " + prev.lastIndex());
                }
            }
            segments.add(seg);
            SegmentScanner.Result r = SegmentScanner.scan(seg, previousTerm);
            if (seg.count() > 0) {
                previousTerm = seg.term(seg.lastIndex());
            }
            if (r.corruptAt() >= 0) {
                boolean laterHaveRecords = laterSegmentsHaveRecords(firsts, i);
                if (laterHaveRecords || SegmentScanner.validRecordAfter(seg.channel, r.corruptAt(), seg.lastIndex())) {
                    throw new CorruptLogException("corrupt log record in " + path + " at offset " + r.corruptAt()
                            + " (" + r.problem() + ") followed by valid records; refusing to start");
                }
                log.warn("log segment {}: torn or corrupt tail at offset {} ({}), cut back to index {} ({} bytes dropped)",
                        path, r.corruptAt(), r.problem(), seg.lastIndex(), r.fileSize() - r.corruptAt());
                seg.truncateFile(r.corruptAt());
                seg.channel.force(true);
                for (int j = firsts.size() - 1; j > i; j--) {
                    Files.deleteIfExists(dir.resolve(Segment.fileName(firsts.get(j))));
                }
                break;
            }
        }
        applyMarker(marker);
        Segment current = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (current == null) {
            long next = Math.max(marker, 1);
            current = allocator.newSegment(next);
            segments.add(current);
            dirDirty = true;
        }
        firstIndex = Math.max(marker, segments.get(0).firstIndex);
        lastIndex = current.lastIndex();
    }

    /** Drops segments the marker made obsolete; if the log ends before the marker, starts afresh there. */
    private void applyMarker(long marker) throws IOException {
        while (segments.size() > 1 && segments.get(1).firstIndex <= marker) {
            Segment s = segments.remove(0);
            s.close();
            Files.deleteIfExists(s.path);
        }
        if (segments.size() == 1 && segments.get(0).lastIndex() < marker - 1) {
            // a reset was interrupted after the marker was written: the remains are superseded
            Segment s = segments.remove(0);
            s.close();
            Files.deleteIfExists(s.path);
        }
    }

    /** True when a later segment holds anything but zeros after its header (an empty one is preallocated zeros). */
    private boolean laterSegmentsHaveRecords(List<Long> firsts, int i) throws IOException {
        for (int j = i + 1; j < firsts.size(); j++) {
            try (FileChannel ch = FileChannel.open(dir.resolve(Segment.fileName(firsts.get(j))), StandardOpenOption.READ)) {
                if (Zeros.firstNonZero(ch, Segment.HEADER_SIZE, ch.size()) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private long parseFirstIndex(Path p) {
        String name = p.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length()));
        } catch (NumberFormatException e) {
            throw new CorruptLogException("unexpected file in log directory: " + p);
        }
    }

    private Segment openSegment(Path path, long first, boolean last) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (size < Segment.HEADER_SIZE) {
                if (!last) {
                    throw new CorruptLogException("log segment " + path + " has a truncated header (" + size + " bytes)");
                }
                log.warn("log segment {}: torn header ({} bytes), removed", path, size);
                ch.close();
                Files.delete(path);
                return null;
            }
            ByteBuffer header = ByteBuffer.allocate(Segment.HEADER_SIZE);
            while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
                // positional read loop
            }
            header.flip();
            int magic = header.getInt();
            int version = header.getInt();
            long headerFirst = header.getLong();
            if (magic != Segment.MAGIC) {
                throw new CorruptLogException("log segment " + path + " has a bad magic number at offset 0");
            }
            if (version != Segment.VERSION) {
                throw new CorruptLogException("log segment " + path + " has unsupported format version " + version + " at offset 4");
            }
            if (headerFirst != first) {
                throw new CorruptLogException("log segment " + path + " header says first index " + headerFirst
                        + " at offset 8, file name says " + first);
            }
            if (first < 1) {
                throw new CorruptLogException("log segment " + path + " says first index " + first
                        + " at offset 8, but log indexes start at 1");
            }
            return new Segment(path, first, ch, size);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The logical first index recorded after prefix compaction, empty when there is none; a corrupt
     * marker is an exception naming it. Shared with {@link StorageInspection}.
     */
    static OptionalLong readMarker(Path dir) throws IOException {
        Path p = dir.resolve(MARKER);
        byte[] b;
        try {
            b = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        CRC32C crc = new CRC32C();
        if (b.length == 20) {
            crc.update(b, 0, 16);
        }
        if (b.length != 20 || buf.getInt(0) != MARKER_MAGIC || buf.getInt(4) != MARKER_VERSION
                || buf.getInt(16) != (int) crc.getValue()) {
            throw new CorruptLogException("log marker " + p + " is corrupt (" + b.length + " bytes)");
        }
        return OptionalLong.of(buf.getLong(8));
    }

    private void writeMarker(long first) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putInt(MARKER_MAGIC).putInt(MARKER_VERSION).putLong(first);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue()).flip();
        Path tmp = dir.resolve(MARKER + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        dirDirty = true;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public long firstIndex() {
        return firstIndex;
    }

    @Override
    public long lastIndex() {
        return lastIndex;
    }

    @Override
    public long term(long index) {
        lock.readLock().lock();
        try {
            checkOpen();
            LogChecks.checkIndex(index, firstIndex, lastIndex);
            return find(index).term(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Entry entry(long index) {
        lock.readLock().lock();
        try {
            checkOpen();
            LogChecks.checkIndex(index, firstIndex, lastIndex);
            Segment seg = find(index);
            long pos = seg.offset(index);
            ByteBuffer buf = ByteBuffer.allocate((int) (seg.end(index) - pos));
            seg.readFully(buf, pos);
            buf.flip();
            return decode(seg, buf, pos, index, new CRC32C());
        } catch (IOException e) {
            throw new StorageException("cannot read log entry " + index + " in " + dir, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        lock.readLock().lock();
        try {
            checkOpen();
            LogChecks.checkRange(from, to, firstIndex, lastIndex);
            List<Entry> out = new ArrayList<>();
            CRC32C crc = new CRC32C(); // one per read: readers run on several threads
            long budget = 0;
            long index = from;
            while (index < to) {
                Segment seg = find(index);
                long segTo = Math.min(to, seg.lastIndex() + 1);
                // choose how many records of this segment fit, from the in-memory offsets alone
                long end = index;
                while (end < segTo) {
                    long recordBytes = seg.end(end) - seg.offset(end) - RecordCodec.HEADER - RecordCodec.BODY_FIXED
                            + io.raftboot.consensus.Entry.OVERHEAD;
                    if ((!out.isEmpty() || end > index) && budget + recordBytes > maxBytes) {
                        break;
                    }
                    budget += recordBytes;
                    end++;
                }
                if (end == index) {
                    break;
                }
                long start = seg.offset(index);
                ByteBuffer buf = ByteBuffer.allocate((int) (seg.end(end - 1) - start));
                seg.readFully(buf, start);
                buf.flip();
                for (long i = index; i < end; i++) {
                    int at = (int) (seg.offset(i) - start);
                    int len = (int) (seg.end(i) - seg.offset(i));
                    out.add(decode(seg, buf.duplicate().position(at).limit(at + len), seg.offset(i), i, crc));
                }
                if (end < segTo) {
                    break;
                }
                index = end;
            }
            return out;
        } catch (IOException e) {
            throw new StorageException("cannot read log entries from " + from + " in " + dir, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** From the segments' notes, taken while the records were scanned on open or appended: no read of the log. */
    @Override
    public long[] configurationIndexes(long from, long to) {
        lock.readLock().lock();
        try {
            checkOpen();
            LogChecks.checkRange(from, to + 1, firstIndex, lastIndex);
            LongStream.Builder found = LongStream.builder();
            for (Segment seg : segments) {
                if (seg.count() > 0 && seg.lastIndex() >= from && seg.firstIndex <= to) {
                    seg.configurationIndexes(from, to, found);
                }
            }
            return found.build().toArray();
        } finally {
            lock.readLock().unlock();
        }
    }

    private static Entry decode(Segment seg, ByteBuffer buf, long offset, long index, CRC32C crc) {
        Entry e = RecordCodec.tryDecode(buf, crc);
        if (e == null || e.index() != index) {
            throw new CorruptLogException("corrupt log record for index " + index + " in " + seg.path + " at offset "
                    + offset);
        }
        return e;
    }

    /** Segment holding {@code index}; callers have checked the range. */
    private Segment find(long index) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).firstIndex <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return segments.get(lo);
    }

    // ---------------------------------------------------------------- writes (single writer thread)

    @Override
    public void append(List<Entry> entries) {
        checkOpen();
        if (entries.isEmpty()) {
            return;
        }
        LogChecks.checkAppend(entries, firstIndex, lastIndex);
        if (entries.get(0).index() <= lastIndex) {
            truncateSuffix(entries.get(0).index());
        }
        try {
            int i = 0;
            while (i < entries.size()) {
                Segment seg = segments.get(segments.size() - 1);
                ByteBuffer buf = writeBuffer;
                buf.clear();
                long bytes = 0;
                int j = i;
                while (j < entries.size()) {
                    Entry e = entries.get(j);
                    int rec = RecordCodec.recordSize(e);
                    if ((seg.count() > 0 || j > i) && seg.size() + bytes + rec > segmentSize) {
                        break;
                    }
                    if (buf.remaining() < rec) {
                        buf = grow(buf, rec);
                    }
                    RecordCodec.encode(e, buf);
                    bytes += rec;
                    j++;
                }
                if (j == i) {
                    roll();
                    continue;
                }
                buf.flip();
                long pos = seg.size();
                allocator.reserve(seg, pos + bytes);
                long p = pos;
                while (buf.hasRemaining()) {
                    p += seg.channel.write(buf, p);
                }
                publish(seg, entries, i, j, pos);
                dirty.add(seg);
                i = j;
                if (i < entries.size()) {
                    roll();
                }
            }
        } catch (IOException e) {
            throw new StorageException("log append failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    private ByteBuffer grow(ByteBuffer buf, int more) {
        int needed = buf.position() + more;
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(needed, buf.capacity() * 2));
        buf.flip();
        bigger.put(buf);
        if (bigger.capacity() <= (16 << 20)) {
            writeBuffer = bigger; // keep it for later batches unless it is huge
        }
        return bigger;
    }

    private void publish(Segment seg, List<Entry> entries, int from, int to, long pos) {
        lock.writeLock().lock();
        try {
            long p = pos;
            for (int k = from; k < to; k++) {
                Entry e = entries.get(k);
                long next = p + RecordCodec.recordSize(e);
                seg.add(p, e.term(), next, e.type() == EntryType.CONFIGURATION);
                p = next;
            }
            lastIndex = seg.lastIndex();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void roll() throws IOException {
        Segment next = allocator.newSegment(lastIndex + 1);
        lock.writeLock().lock();
        try {
            segments.add(next);
        } finally {
            lock.writeLock().unlock();
        }
        dirty.add(next);
        dirDirty = true;
    }

    /**
     * Forgets the records first (under the lock, so no reader sees them again), then makes them
     * unreadable on disk before returning: later segments deleted and the directory synced, the
     * dropped records of the kept segment overwritten with zeros and synced. Both syncs are needed
     * before anything is written after the new end: in a preallocated file nothing else orders the
     * writes, and new records made durable in front of stale ones that are not yet erased would
     * resurrect entries Raft removed on a conflict (or refuse to start). Truncations are rare.
     */
    @Override
    public void truncateSuffix(long fromIndex) {
        checkOpen();
        LogChecks.checkTruncate(fromIndex, firstIndex, lastIndex);
        if (fromIndex > lastIndex) {
            return;
        }
        List<Segment> removed = new ArrayList<>();
        Segment seg;
        long droppedFrom;
        long droppedTo;
        lock.writeLock().lock();
        try {
            lastIndex = fromIndex - 1;
            while (segments.size() > 1 && segments.get(segments.size() - 1).firstIndex >= fromIndex) {
                removed.add(segments.remove(segments.size() - 1));
            }
            seg = segments.get(segments.size() - 1);
            droppedTo = seg.size();
            droppedFrom = droppedTo;
            if (fromIndex <= seg.lastIndex()) {
                droppedFrom = seg.offset(fromIndex);
                seg.truncate(fromIndex);
            }
        } finally {
            lock.writeLock().unlock();
        }
        delete(removed);
        try {
            syncDirectoryIfDirty();
            if (droppedFrom < droppedTo) {
                Zeros.write(seg.channel, droppedFrom, droppedTo);
                seg.channel.force(false);
            }
        } catch (IOException e) {
            throw new StorageException("log truncation at " + fromIndex + " failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void compactPrefix(long upToIndex) {
        checkOpen();
        if (upToIndex < firstIndex) {
            return;
        }
        if (upToIndex >= lastIndex) {
            reset(upToIndex);
            return;
        }
        try {
            writeMarker(upToIndex + 1);
        } catch (IOException e) {
            throw new StorageException("cannot write log marker in " + dir, e);
        }
        List<Segment> removed = new ArrayList<>();
        lock.writeLock().lock();
        try {
            firstIndex = upToIndex + 1;
            while (segments.size() > 1 && segments.get(1).firstIndex <= upToIndex + 1) {
                removed.add(segments.remove(0));
            }
        } finally {
            lock.writeLock().unlock();
        }
        delete(removed);
    }

    @Override
    public void reset(long index) {
        checkOpen();
        LogChecks.checkReset(index);
        List<Segment> removed;
        try {
            writeMarker(index + 1);
            lock.writeLock().lock();
            try {
                removed = new ArrayList<>(segments);
                segments.clear();
                firstIndex = index + 1;
                lastIndex = index;
            } finally {
                lock.writeLock().unlock();
            }
            java.util.Collections.reverse(removed); // newest first: a crash leaves a valid prefix
            delete(removed);
            Segment fresh = allocator.newSegment(index + 1);
            lock.writeLock().lock();
            try {
                segments.add(fresh);
            } finally {
                lock.writeLock().unlock();
            }
            dirty.add(fresh);
            dirDirty = true;
        } catch (IOException e) {
            throw new StorageException("log reset to " + index + " failed in " + dir, e);
        }
    }

    private void delete(List<Segment> removed) {
        for (Segment s : removed) {
            dirty.remove(s);
            s.close();
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                throw new StorageException("cannot delete log segment " + s.path, e);
            }
            dirDirty = true;
        }
    }

    @Override
    public void sync() {
        syncLater().run();
    }

    /** Positional writes and {@code force} on a FileChannel need no lock between them. */
    @Override
    public boolean syncsBesideAppends() {
        return true;
    }

    @Override
    public Runnable syncLater() {
        checkOpen();
        List<Segment> files = List.copyOf(dirty);
        dirty.clear();
        boolean directory = dirDirty;
        dirDirty = false;
        return () -> {
            try {
                for (Segment s : files) {
                    s.channel.force(false);
                }
                if (directory) {
                    FileSync.directory(dir);
                }
            } catch (IOException e) {
                throw new StorageException("log fsync failed in " + dir + ": " + e.getMessage(), e);
            }
        };
    }

    /** Makes the segment files created, renamed or deleted since the last time durable. */
    private void syncDirectoryIfDirty() throws IOException {
        if (dirDirty) {
            FileSync.directory(dir);
            dirDirty = false;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log store " + dir + " is closed");
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeSegments();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeSegments() {
        for (Segment s : segments) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return "SegmentedLogStore[" + dir + ", " + firstIndex + ".." + lastIndex + "]";
    }
}
