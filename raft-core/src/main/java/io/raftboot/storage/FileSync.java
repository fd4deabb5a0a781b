package io.raftboot.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Fsync helpers the JDK lacks a name for. */
final class FileSync {
    private FileSync() {
    }

    /** Makes creations, renames and deletions inside {@code dir} durable (POSIX; a no-op where unsupported). */
    static void directory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return; // directories cannot be opened for fsync there
            }
            throw e;
        }
    }
}
