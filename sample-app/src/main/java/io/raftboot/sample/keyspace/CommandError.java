package io.raftboot.sample.keyspace;

/**
 * A command's error reply. The message starts with Redis' error code (e.g. {@code ERR}), exactly as
 * a Redis server would send it after the '-'. Thrown by a write, it is the reply on every member and
 * the entry still counts as applied.
 */
public final class CommandError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandError(String message) {
        super(message, null, false, false);
    }
}
