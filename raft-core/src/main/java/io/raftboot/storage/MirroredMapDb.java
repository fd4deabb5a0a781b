package io.raftboot.storage;

import org.mapdb.Atomic;
import org.mapdb.DB;
import org.mapdb.DBMaker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Two transactional MapDB files holding the same data, written one after the other, so that a process
 * killed in the middle of a MapDB commit never costs a committed write.
 *
 * <p>Why: MapDB 3.1.0 commits by fsyncing a write-ahead file, then copying the changes into the main
 * file in place, then deleting the write-ahead file; on open it never replays that file. A kill during
 * the copy leaves the main file half old, half new (seen as unreadable files and wrong records). The
 * write-ahead file exists from the first change of a transaction until its commit has reached the main
 * file, so its presence marks the one copy that may be torn. Every write goes to the primary, is
 * committed, then goes to the mirror; at most one of them is ever mid-commit, and the other one is the
 * last committed state (or, between the two commits, one write behind). On open a copy with a
 * write-ahead file, a copy that does not open, or a mirror one write behind is rebuilt from the other.
 * Files are created under a temporary name and renamed into place, so a half-created file never
 * counts.
 *
 * <p>The mirror is {@code <primary>.mirror}; tools that copy the primary "and every file starting with
 * its name" copy the mirror and both write-ahead files too.
 *
 * @param <V> the handles (maps, atomics) a store uses, opened on one {@link DB}
 */
final class MirroredMapDb<V> implements AutoCloseable {
    private static final String SEQUENCE = "mirror.sequence";

    private final Copy<V> primary;
    private final Copy<V> mirror;

    private MirroredMapDb(Copy<V> primary, Copy<V> mirror) {
        this.primary = primary;
        this.mirror = mirror;
    }

    /**
     * Opens the pair at {@code primaryFile}, recovering from an interrupted commit, or creates it.
     *
     * @param handles opens (creating where missing) the store's handles on one file, and checks its
     *                format; throws {@link CorruptLogException} for a file that is not the store's
     * @param copyAll copies every value from the first handles into the second (empty) ones
     */
    static <V> MirroredMapDb<V> open(Path primaryFile, Function<DB, V> handles, BiConsumer<V, V> copyAll) {
        Path mirrorFile = primaryFile.resolveSibling(primaryFile.getFileName() + ".mirror");
        deleteTemporary(primaryFile);
        deleteTemporary(mirrorFile);
        Attempt<V> first = Attempt.open(primaryFile, handles);
        Attempt<V> second = Attempt.open(mirrorFile, handles);
        try {
            if (first.copy == null && second.copy == null) {
                if (first.exists || second.exists) {
                    throw new CorruptLogException("neither copy of " + primaryFile + " is usable: " + first.problem
                            + "; " + second.problem);
                }
                create(primaryFile, handles, fresh -> { });
                first = Attempt.open(primaryFile, handles);
                if (first.copy == null) {
                    throw new StorageException("cannot create " + primaryFile + ": " + first.problem);
                }
            }
            if (first.copy != null && second.copy != null) {
                long behind = first.copy.sequence.get() - second.copy.sequence.get();
                if (behind == 0) {
                    return new MirroredMapDb<>(first.copy, second.copy);
                }
                if (behind != 1) {
                    throw new CorruptLogException(primaryFile + " and its mirror disagree: sequence "
                            + first.copy.sequence.get() + " against " + second.copy.sequence.get());
                }
                second.copy.close();
                second = Attempt.rebuilt(mirrorFile, first.copy, handles, copyAll);
            } else if (first.copy != null) {
                second = Attempt.rebuilt(mirrorFile, first.copy, handles, copyAll);
            } else {
                first = Attempt.rebuilt(primaryFile, second.copy, handles, copyAll);
            }
            return new MirroredMapDb<>(first.copy, second.copy);
        } catch (RuntimeException e) {
            first.closeQuietly();
            second.closeQuietly();
            throw e;
        }
    }

    /** The handles to read from (the primary's). */
    V read() {
        return primary.handles;
    }

    /**
     * Applies {@code change} to the primary and commits it, then to the mirror and commits it. Durable
     * (fsynced) when this returns. A failure is a {@link StorageException}; the store must not be used
     * afterwards.
     */
    void write(Consumer<V> change) {
        primary.commit(change);
        mirror.commit(change);
    }

    boolean isClosed() {
        return primary.db.isClosed();
    }

    @Override
    public void close() {
        primary.close();
        mirror.close();
    }

    /** Writes a new file under a temporary name and renames it into place once complete. */
    private static <V> void create(Path file, Function<DB, V> handles, Consumer<Copy<V>> fill) {
        Path temporary = temporaryOf(file);
        Copy<V> fresh;
        try {
            fresh = new Copy<>(temporary, newDb(temporary), handles);
        } catch (RuntimeException e) {
            throw new StorageException("cannot create " + temporary + ": " + e.getMessage(), e);
        }
        try {
            fill.accept(fresh);
            fresh.db.commit();
        } catch (RuntimeException e) {
            fresh.close();
            throw new StorageException("cannot write " + temporary + ": " + e.getMessage(), e);
        }
        fresh.close();
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot rename " + temporary + " to " + file + ": " + e.getMessage(), e);
        }
    }

    private static DB newDb(Path file) {
        return DBMaker.fileDB(file.toFile()).fileChannelEnable().transactionEnable().make();
    }

    private static Path temporaryOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".creating");
    }

    private static void deleteTemporary(Path file) {
        Path temporary = temporaryOf(file);
        for (Path p : withWriteAheadFiles(temporary)) {
            delete(p);
        }
    }

    /** The file and its write-ahead files ({@code <file>.wal.<n>}), those that exist. */
    private static List<Path> withWriteAheadFiles(Path file) {
        String walPrefix = file.getFileName() + ".wal.";
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            return siblings.filter(p -> p.equals(file) || p.getFileName().toString().startsWith(walPrefix)).toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + file.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new StorageException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }

    /** One open file with the store's handles and the write sequence number. */
    private static final class Copy<V> {
        final Path file;
        final DB db;
        final V handles;
        final Atomic.Long sequence;

        Copy(Path file, DB db, Function<DB, V> handles) {
            this.file = file;
            this.db = db;
            try {
                this.handles = handles.apply(db);
                this.sequence = db.atomicLong(SEQUENCE, 0L).createOrOpen();
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
        }

        void commit(Consumer<V> change) {
            try {
                change.accept(handles);
                sequence.incrementAndGet();
                db.commit();
            } catch (RuntimeException e) {
                throw new StorageException("MapDB commit failed on " + file + ": " + e.getMessage(), e);
            }
        }

        void close() {
            if (!db.isClosed()) {
                db.close();
            }
        }
    }

    /** The outcome of opening one of the two files: a usable copy, or why not. */
    private static final class Attempt<V> {
        final boolean exists;
        final Copy<V> copy;
        final String problem;

        private Attempt(boolean exists, Copy<V> copy, String problem) {
            this.exists = exists;
            this.copy = copy;
            this.problem = problem;
        }

        static <V> Attempt<V> open(Path file, Function<DB, V> handles) {
            List<Path> files = withWriteAheadFiles(file);
            if (files.isEmpty()) {
                return new Attempt<>(false, null, file + " is missing");
            }
            if (!files.equals(List.of(file))) {
                return new Attempt<>(true, null, file + " was interrupted in the middle of a commit");
            }
            try {
                return new Attempt<>(true, new Copy<>(file, newDb(file), handles), null);
            } catch (RuntimeException e) {
                return new Attempt<>(true, null, file + " does not open: " + e.getMessage());
            }
        }

        /** Replaces {@code file} (and any write-ahead files) by a copy of {@code source}. */
        static <V> Attempt<V> rebuilt(Path file, Copy<V> source, Function<DB, V> handles, BiConsumer<V, V> copyAll) {
            for (Path p : withWriteAheadFiles(file)) {
                delete(p);
            }
            create(file, handles, fresh -> {
                copyAll.accept(source.handles, fresh.handles);
                fresh.sequence.set(source.sequence.get());
            });
            Attempt<V> reopened = open(file, handles);
            if (reopened.copy == null) {
                throw new StorageException("cannot rebuild " + file + " from " + source.file + ": " + reopened.problem);
            }
            return reopened;
        }

        void closeQuietly() {
            if (copy != null) {
                copy.close();
            }
        }
    }
}
