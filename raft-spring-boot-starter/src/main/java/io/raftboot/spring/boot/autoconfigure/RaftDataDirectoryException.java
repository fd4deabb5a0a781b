package io.raftboot.spring.boot.autoconfigure;

import java.nio.file.Path;

/** The node cannot use its data directory ({@code raft.data-dir}). */
public class RaftDataDirectoryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final String reason;

    public RaftDataDirectoryException(Path directory, String reason, Throwable cause) {
        super("Raft data directory " + directory + " " + reason, cause);
        this.directory = directory;
        this.reason = reason;
    }

    public Path getDirectory() {
        return directory;
    }

    /** Why it is unusable, phrased to follow the path: e.g. "is not writable". */
    public String getReason() {
        return reason;
    }
}
