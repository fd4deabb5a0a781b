package io.raftboot.transport;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who this node is to its peers: its id, its cluster id (a supplier, because a joining node
 * learns it; null or {@value PeerProtocol#UNKNOWN_CLUSTER} while unknown), the cluster secret and
 * the protocol versions it speaks.
 */
public record PeerIdentity(String nodeId, Supplier<String> clusterId, ClusterSecret secret,
                           int minVersion, int maxVersion) {
    public PeerIdentity {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(secret, "secret");
        if (nodeId.isEmpty() || nodeId.equals(PeerProtocol.UNKNOWN_CLUSTER)) {
            throw new IllegalArgumentException("invalid node id '" + nodeId + "'");
        }
        if (minVersion < 1 || maxVersion < minVersion) {
            throw new IllegalArgumentException("invalid protocol range [" + minVersion + ", " + maxVersion + "]");
        }
    }

    public static PeerIdentity of(String nodeId, Supplier<String> clusterId, ClusterSecret secret) {
        return new PeerIdentity(nodeId, clusterId, secret, PeerProtocol.MIN_VERSION, PeerProtocol.MAX_VERSION);
    }

    /** The cluster id as sent on the wire: {@value PeerProtocol#UNKNOWN_CLUSTER} while unknown. */
    public String wireClusterId() {
        String id = clusterId.get();
        return id == null || id.isEmpty() ? PeerProtocol.UNKNOWN_CLUSTER : id;
    }
}
