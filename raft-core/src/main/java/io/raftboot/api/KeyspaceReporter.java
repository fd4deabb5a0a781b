package io.raftboot.api;

/**
 * Implemented by a state machine (or, with the starter, a {@code @RaftStateMachine} bean) that can
 * say how many keys it holds, for {@code INFO keyspace}. Called from any thread, often while the apply
 * thread works: answer from values the apply thread publishes (volatile fields), never by walking
 * the data.
 */
public interface KeyspaceReporter {
    /** The counts now, or null when there is nothing to report. */
    KeyspaceStats keyspaceStats();
}
