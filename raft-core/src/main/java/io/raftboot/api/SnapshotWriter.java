package io.raftboot.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A point-in-time view captured by {@link StateMachine#snapshot()}; streams itself from a thread
 * other than the apply thread, while writes continue. It must not read live state that later
 * writes change.
 */
@FunctionalInterface
public interface SnapshotWriter {
    void writeTo(OutputStream out) throws IOException;
}
