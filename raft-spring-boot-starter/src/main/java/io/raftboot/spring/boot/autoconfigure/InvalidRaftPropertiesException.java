package io.raftboot.spring.boot.autoconfigure;

/** The {@code raft.*} properties bound, but their values do not make a valid node configuration. */
public class InvalidRaftPropertiesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidRaftPropertiesException(String message, Throwable cause) {
        super(message, cause);
    }
}
