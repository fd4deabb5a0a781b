package io.raftboot.spring.boot.autoconfigure;

/** The RESP listener could not bind {@code raft.host}:{@code raft.port}. */
public class RaftPortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    public RaftPortInUseException(String host, int port, Throwable cause) {
        super("Raft port " + port + " on " + host + " is already in use", cause);
        this.host = host;
        this.port = port;
    }

    public String getHost() {
        return host;
    }

    public int getPort() {
        return port;
    }
}
