package io.raftboot.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A snapshot being written to a temporary file. Write to {@link #stream()}, then {@link #commit()}
 * (fsync, rename, directory fsync) or {@link #abort()}. {@link #close()} aborts if not committed.
 */
public interface SnapshotWriter extends AutoCloseable {

    OutputStream stream();

    /** Makes the snapshot durable and visible; returns it. Verifies received files first. */
    SnapshotFile commit() throws IOException;

    /** Deletes the temporary file. */
    void abort();

    @Override
    void close();
}
