package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
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
 * <li>A WAL left behind by a crash in the middle of a commit is not replayed when the file is opened
 * again: that commit is lost (it never returned, so it was never acknowledged).</li>
 * </ul>
 * Every record is still checksummed; a record that fails is never served.
 */
public final class MapDbLogStore implements LogStore {
    static final String FILE = "log.mapdb";
    private static final int FORMAT_VERSION = 1;

    private final Path file;
    private final DB db;
    private final BTreeMap<Long, byte[]> records;
    private final Atomic.Long storedFirst;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long firstIndex;
    private volatile long lastIndex;

    private MapDbLogStore(Path file, DB db) {
        this.file = file;
        this.db = db;
        this.records = db.treeMap("log", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
        this.storedFirst = db.atomicLong("first", 1L).createOrOpen();
        Atomic.Integer format = db.atomicInteger("format", FORMAT_VERSION).createOrOpen();
        if (format.get() != FORMAT_VERSION) {
            throw new CorruptLogException("MapDB log " + file + " has unsupported format version " + format.get());
        }
        db.commit();
        firstIndex = storedFirst.get();
        lastIndex = records.isEmpty() ? firstIndex - 1 : records.lastKey();
        if (!records.isEmpty() && records.firstKey() != firstIndex) {
            throw new CorruptLogException("MapDB log " + file + " starts at index " + records.firstKey()
                    + " but its first index says " + firstIndex);
        }
    }

    public static MapDbLogStore open(Path dir) {
        Path file = dir.resolve(FILE);
        DB db;
        try {
            Files.createDirectories(dir);
            db = DBMaker.fileDB(file.toFile()).fileChannelEnable().transactionEnable().make();
        } catch (IOException | RuntimeException e) {
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
            removeFrom(start);
            for (Entry e : entries) {
                records.put(e.index(), RecordCodec.encode(e));
            }
            commit();
            lastIndex = entries.get(entries.size() - 1).index();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeFrom(long fromIndex) {
        for (long i = lastIndex; i >= fromIndex; i--) {
            records.remove(i);
        }
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        lock.writeLock().lock();
        try {
            LogChecks.checkTruncate(fromIndex, firstIndex, lastIndex);
            removeFrom(fromIndex);
            commit();
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
            for (long i = firstIndex; i <= upToIndex; i++) {
                records.remove(i);
            }
            storedFirst.set(upToIndex + 1);
            commit();
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
            records.clear();
            storedFirst.set(index + 1);
            commit();
            firstIndex = index + 1;
            lastIndex = index;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void commit() {
        try {
            db.commit();
        } catch (RuntimeException e) {
            throw new StorageException("MapDB log commit failed on " + file + ": " + e.getMessage(), e);
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
