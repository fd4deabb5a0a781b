package io.raftboot.sample.keyspace;

import java.io.IOException;

/** A snapshot that is not a complete, intact keyspace snapshot of a supported version. */
public final class SnapshotFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
