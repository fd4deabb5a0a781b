package io.raftboot.transport;

/** What {@link PeerTransport} reports about peers; called from Netty event loops, must not block. */
public interface PeerTransportListener {
    /** A handshake with the peer completed; messages flow again. */
    default void peerConnected(String peerId, HandshakeResult result) {
    }

    /** Connecting or handshaking failed, or the connection was lost; the transport keeps retrying. */
    default void peerUnreachable(String peerId, Throwable cause) {
    }

    PeerTransportListener NONE = new PeerTransportListener() {
    };
}
