package io.raftboot.transport;

import io.raftboot.consensus.Message;

/** Opens a {@link SnapshotSink} for each incoming snapshot transfer (the runtime's snapshot store). */
@FunctionalInterface
public interface SnapshotReceiver {
    /**
     * Called on a Netty event loop when a peer starts sending a snapshot; must not block.
     *
     * @param fromPeer the sender's proven node id
     * @param message  the InstallSnapshot to deliver to consensus once the bytes are stored
     * @param size     the snapshot's size in bytes
     * @throws RuntimeException to refuse the transfer (the sender is told the message)
     */
    SnapshotSink begin(String fromPeer, Message.InstallSnapshot message, long size);
}
