package io.raftboot.storage;

/**
 * A stored record or file fails its checksum or framing somewhere it cannot be a torn tail. The node
 * must stop; the message names the file and the offset.
 */
public class CorruptLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptLogException(String message) {
        super(message);
    }

    public CorruptLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
