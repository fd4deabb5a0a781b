package io.raftboot.storage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where benchmarks put their files: {@code -Dbench.dir} (default {@code target/bench-storage}), so the file system is chosen explicitly. */
final class BenchFiles {
    private BenchFiles() {
    }

    static Path freshDir(String name) throws IOException {
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench-storage")).resolve(name).toAbsolutePath();
        delete(dir);
        Files.createDirectories(dir);
        return dir;
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }
}
