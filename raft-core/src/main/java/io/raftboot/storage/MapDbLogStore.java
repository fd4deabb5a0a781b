package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The alternative log backend ({@code raft.log-store: mapdb}): a transactional MapDB tree map from
 * index to the same CRC32C-framed record bytes as the segmented log, in {@code log.mapdb}.
 *
 * <p>Honest limits of MapDB 3.1.0 in transactional mode, which is why this is not the default:
 * <ul>
 * <li>Nothing reaches the file before a commit, so every {@link #append} commits; each commit writes
 * a WAL file, fsyncs it, copies it into the main file, fsyncs that and deletes the WAL: two fsyncs
 * and a file create/delete per call, whatever the durability level. {@link #sync()} has nothing left
 * to do. Measured group-commit throughput is an order of magnitude below the segmented log (see
 * BENCHMARKS.md).</li>
 * <li>Space freed by truncation and compaction is never returned to the file system; the file only
 * grows.</li>
 * <li>A WAL left behind by a crash in the middle of a commit is never replayed, and the main file may
 * then be torn. The log is therefore kept twice ({@link MirroredMapDb}): every append is committed to
 * {@code log.mapdb}, then to {@code log.mapdb.mirror}, which doubles the cost again; the copy caught
 * mid-commit is rebuilt from the other on open.</li>
 * </ul>
 * Every record is still checksummed; a record that fails is never served.
 */
public final class MapDbLogStore implements LogStore {
    static final String FILE = "log.mapdb";
    private static final int FORMAT_VERSION = 1;

    /** The log in one MapDB file: records by index, and the first index (which outlives an empty log). */
    private record Tables(BTreeMap<Long, byte[]> records, Atomic.Long storedFirst) {
        static Tables open(Path file, DB db) {
            Atomic.Integer format = db.atomicInteger("format", FORMAT_VERSION).createOrOpen();
            if (format.get() != FORMAT_VERSION) {
                throw new CorruptLogException("MapDB log " + file + " has unsupported format version " + format.get());
            }
            return new Tables(db.treeMap("log", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen(),
                    db.atomicLong("first", 1L).createOrOpen());
        }

        void copyTo(Tables other) {
            other.records.putAll(records);
            other.storedFirst.set(storedFirst.get());
        }
    }

    private final Path file;
    private final MirroredMapDb<Tables> db;
    private final BTreeMap<Long, byte[]> records;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long firstIndex;
    private volatile long lastIndex;

    private MapDbLogStore(Path file, MirroredMapDb<Tables> db) {
        this.file = file;
        this.db = db;
        this.records = db.read().records();
        firstIndex = db.read().storedFirst().get();
        lastIndex = records.isEmpty() ? firstIndex - 1 : records.lastKey();
        if (!records.isEmpty() && records.firstKey() != firstIndex) {
            throw new CorruptLogException("MapDB log " + file + " starts at index " + records.firstKey()
                    + " but its first index says " + firstIndex);
        }
    }

    public static MapDbLogStore open(Path dir) {
        Path file = dir.resolve(FILE);
        MirroredMapDb<Tables> db;
        try {
            Files.createDirectories(dir);
            db = MirroredMapDb.open(file, d -> Tables.open(file, d), Tables::copyTo);
        } catch (IOException e) {
            throw new StorageException("cannot open MapDB log " + file + ": " + e.getMessage(), e);
        }
        try {
            return new MapDbLogStore(file, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

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
        return entry(index).term();
    }

    @Override
    public Entry entry(long index) {
        lock.readLock().lock();
        try {
            LogChecks.checkIndex(index, firstIndex, lastIndex);
            return decode(index, records.get(index));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        lock.readLock().lock();
        try {
            LogChecks.checkRange(from, to, firstIndex, lastIndex);
            List<Entry> out = new ArrayList<>();
            long bytes = 0;
            for (long i = from; i < to; i++) {
                Entry e = decode(i, records.get(i));
                bytes += e.sizeInBytes();
                if (!out.isEmpty() && bytes > maxBytes) {
                    break;
                }
                out.add(e);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private Entry decode(long index, byte[] bytes) {
        Entry e = bytes == null ? null : RecordCodec.tryDecode(ByteBuffer.wrap(bytes));
        if (e == null || e.index() != index) {
            throw new CorruptLogException("corrupt or missing record for index " + index + " in MapDB log " + file);
        }
        return e;
    }

    @Override
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        lock.writeLock().lock();
        try {
            LogChecks.checkAppend(entries, firstIndex, lastIndex);
            long start = entries.get(0).index();
            long last = lastIndex;
            List<byte[]> encoded = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                encoded.add(RecordCodec.encode(e));
            }
            db.write(t -> {
                removeRange(t, start, last);
                for (int i = 0; i < encoded.size(); i++) {
                    t.records().put(start + i, encoded.get(i));
                }
            });
            lastIndex = entries.get(entries.size() - 1).index();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void removeRange(Tables t, long fromIndex, long toIndex) {
        for (long i = toIndex; i >= fromIndex; i--) {
            t.records().remove(i);
        }
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        lock.writeLock().lock();
        try {
            LogChecks.checkTruncate(fromIndex, firstIndex, lastIndex);
            long last = lastIndex;
            db.write(t -> removeRange(t, fromIndex, last));
            lastIndex = fromIndex - 1;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void compactPrefix(long upToIndex) {
        if (upToIndex < firstIndex) {
            return;
        }
        if (upToIndex >= lastIndex) {
            reset(upToIndex);
            return;
        }
        lock.writeLock().lock();
        try {
            long first = firstIndex;
            db.write(t -> {
                removeRange(t, first, upToIndex);
                t.storedFirst().set(upToIndex + 1);
            });
            firstIndex = upToIndex + 1;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void reset(long index) {
        LogChecks.checkReset(index);
        lock.writeLock().lock();
        try {
            db.write(t -> {
                t.records().clear();
                t.storedFirst().set(index + 1);
            });
            firstIndex = index + 1;
            lastIndex = index;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void sync() {
        // every mutation already committed (and fsynced) before returning
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!db.isClosed()) {
                db.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
