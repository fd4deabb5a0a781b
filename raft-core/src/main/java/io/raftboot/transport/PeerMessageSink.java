package io.raftboot.transport;

import io.raftboot.consensus.Message;

import java.util.List;

/**
 * Where decoded peer messages go (the runtime's queue to the raft thread). Called on a Netty event
 * loop: it must not block. Messages arrive in the order the peer sent them.
 */
@FunctionalInterface
public interface PeerMessageSink {
    /** @param fromPeer the node id the connection proved in its handshake; every message is from it */
    void deliver(String fromPeer, List<Message> messages);
}
