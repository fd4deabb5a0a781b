package io.raftboot.inspect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of a MapDB file and its write-ahead files in a temporary directory. MapDB writes
 * to the files it opens (it replays and deletes its WAL, takes a file lock), so the inspector opens
 * the copy instead: the data directory of a running node is never touched.
 */
final class ReadOnlyCopy implements AutoCloseable {
    private final Path dir;
    private final Path file;

    private ReadOnlyCopy(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    /** Copies {@code source} and every sibling whose name starts with its name (e.g. {@code meta.db.wal.0}). */
    static ReadOnlyCopy of(Path source) throws IOException {
        Path dir = Files.createTempDirectory("raftboot-inspect");
        String name = source.getFileName().toString();
        try (Stream<Path> siblings = Files.list(source.getParent())) {
            List<Path> files = siblings.filter(p -> p.getFileName().toString().startsWith(name)).toList();
            for (Path p : files) {
                try {
                    Files.copy(p, dir.resolve(p.getFileName().toString()));
                } catch (java.nio.file.NoSuchFileException e) {
                    // a WAL file the live node just deleted after applying it: the main file has it
                }
            }
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
        return new ReadOnlyCopy(dir, dir.resolve(name));
    }

    Path file() {
        return file;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary copy " + dir, e);
        }
    }
}
