package io.raftboot.storage;

/** An I/O failure in storage. Fatal for the node: a failed write or fsync is never retried. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
