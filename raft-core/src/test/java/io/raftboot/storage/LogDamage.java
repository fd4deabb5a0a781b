package io.raftboot.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Damages a data dir's log the way a bad disk would, for tests of what a start does with it. */
public final class LogDamage {
    private LogDamage() {
    }

    /**
     * Flips bits a third of the way into the records of the first log segment under {@code dataDir}
     * (its zero-filled preallocated tail left out): inside an early record, with valid records after
     * it (a corrupt committed prefix, not a torn tail).
     *
     * @return the damaged segment file
     */
    public static Path corruptAnEarlyRecord(Path dataDir) throws IOException {
        Path segment;
        try (Stream<Path> files = Files.walk(dataDir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = endOfData(file) / 3;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x5a);
        }
        return segment;
    }

    /** One past the last non-zero byte. */
    private static long endOfData(RandomAccessFile file) throws IOException {
        byte[] bytes = new byte[(int) file.length()];
        file.readFully(bytes);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }
}
