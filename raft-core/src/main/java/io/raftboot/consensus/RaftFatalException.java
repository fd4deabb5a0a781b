package io.raftboot.consensus;

/** A condition under which this member must stop rather than risk rewriting committed history. */
public final class RaftFatalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RaftFatalException(String message) {
        super(message);
    }
}
