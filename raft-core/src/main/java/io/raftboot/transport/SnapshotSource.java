package io.raftboot.transport;

import java.io.IOException;

/**
 * The bytes of a snapshot to send. Read from the snapshot sender's I/O executor, never from an
 * event loop, one call at a time.
 */
public interface SnapshotSource extends AutoCloseable {
    long size();

    /** Reads exactly {@code count} bytes at {@code offset} (the sender never reads past {@link #size()}). */
    byte[] read(long offset, int count) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
