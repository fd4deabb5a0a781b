package io.raftboot.transport;

/** A peer handshake that failed: refused by the server, or the server failed to prove itself. */
public final class HandshakeRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandshakeRefusedException(String message) {
        super(message);
    }
}
