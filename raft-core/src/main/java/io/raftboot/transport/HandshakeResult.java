package io.raftboot.transport;

/**
 * The outcome of a completed handshake, as the client learns it: the agreed protocol version and
 * the server's cluster id ({@value PeerProtocol#UNKNOWN_CLUSTER} if it does not know one) and node id.
 */
public record HandshakeResult(int version, String clusterId, String nodeId) {
}
