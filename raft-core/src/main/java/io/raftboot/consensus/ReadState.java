package io.raftboot.consensus;

/**
 * A ReadIndex read released by the engine: once the local applied index reaches {@code index}, the
 * read with {@code requestId} may run.
 */
public record ReadState(long requestId, long index) {
}
