package io.raftboot.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The replicated state. Handlers, {@link #snapshot()} and {@link #restore} run on one apply thread,
 * never concurrently with each other (except read commands that opt in to concurrent execution), so
 * the state needs no locks unless such reads exist.
 */
public interface StateMachine {

    /** The commands this state machine serves; read once at start-up. */
    List<CommandSpec> commands();

    /**
     * Captures a point-in-time view on the apply thread (cheaply: e.g. a copy-on-write reference or a
     * copy); the returned writer streams it from another thread.
     */
    SnapshotWriter snapshot();

    /** Replaces the whole state with a snapshot's contents (apply thread). */
    void restore(InputStream in) throws IOException;
}
