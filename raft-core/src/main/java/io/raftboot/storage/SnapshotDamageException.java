package io.raftboot.storage;

import java.io.IOException;
import java.nio.file.Path;

/** A snapshot file that fails its framing or a checksum, with the offset where the damage shows. */
public final class SnapshotDamageException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    SnapshotDamageException(Path file, long offset, String problem) {
        super("snapshot " + file + ": " + problem);
        this.offset = offset;
    }

    SnapshotDamageException(Path file, long offset, String problem, Throwable cause) {
        super("snapshot " + file + ": " + problem, cause);
        this.offset = offset;
    }

    /** Where in the file the damage shows: the start of the region that fails. */
    public long offset() {
        return offset;
    }
}
