package io.raftboot.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A node's data directory, held exclusively by one process through an OS lock on {@code lock}:
 * {@code log/} (log store files), {@code snapshots/}, {@code meta.db} (MapDB metadata).
 */
public final class DataDirectory implements AutoCloseable {
    static final String LOCK_FILE = "lock";
    private static final byte[] LOCK_HEADER = "RAFTBOOT-LOCK v1\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Directories this JVM holds. Checked before opening the lock file at all, because closing a
     * second descriptor of a file releases every POSIX lock the process holds on it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it. Fails with {@link IllegalStateException} naming
     * the directory when another process (or another opener in this one) holds it.
     */
    public static DataDirectory lock(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!HELD.add(abs)) {
            throw new IllegalStateException("data directory " + abs + " is in use by another raftboot node in this process");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(abs);
            channel = FileChannel.open(abs.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                HELD.remove(abs);
                throw new IllegalStateException("data directory " + abs
                        + " is in use by another raftboot process (lock held on " + abs.resolve(LOCK_FILE) + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(LOCK_HEADER), 0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)), LOCK_HEADER.length);
            Files.createDirectories(abs.resolve("log"));
            Files.createDirectories(abs.resolve("snapshots"));
            return new DataDirectory(abs, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(abs);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new StorageException("cannot open data directory " + abs + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return dir;
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    public Path snapshotDir() {
        return dir.resolve("snapshots");
    }

    public Path metaFile() {
        return dir.resolve("meta.db");
    }

    /** True when nothing but the lock and empty layout directories exist (e.g. for restore-from). */
    public boolean isEmpty() {
        try {
            return isEmptyDir(logDir()) && isEmptyDir(snapshotDir()) && !Files.exists(metaFile());
        } catch (IOException e) {
            throw new StorageException("cannot list data directory " + dir, e);
        }
    }

    public LogStore openLog(LogStoreKind kind) {
        return LogStores.open(kind, logDir());
    }

    public MetaStore openMeta() {
        return MapDbMetaStore.open(metaFile());
    }

    public SnapshotStore openSnapshots(int retain) {
        return FileSnapshotStore.open(snapshotDir(), retain);
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return true;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
        } catch (IOException e) {
            // the lock goes with the channel anyway
        }
        closeQuietly(lockChannel);
        HELD.remove(dir);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
