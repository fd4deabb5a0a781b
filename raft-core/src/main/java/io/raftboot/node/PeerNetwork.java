package io.raftboot.node;

import io.raftboot.consensus.Message;
import io.raftboot.storage.SnapshotFile;
import java.util.List;
import java.util.Map;

/**
 * What the raft thread needs from the peer transport. Every method is called from the raft thread
 * and must not block it; {@link #send} is also called from the log writer thread (acknowledgements
 * that leave once durable), so it must be thread-safe.
 */
public interface PeerNetwork extends AutoCloseable {

    /** Sends messages to their addressees (grouped per peer by the implementation). */
    void send(List<Message> messages);

    /** The members to keep connections to: id → address (this member excluded). */
    void updatePeers(Map<String, String> addresses);

    /**
     * Streams a snapshot file to a peer on a connection of its own, then delivers {@code install} to
     * it; {@code onFailure} runs (on any thread) when the transfer fails.
     */
    void sendSnapshot(String peerId, SnapshotFile file, Message.InstallSnapshot install, Runnable onFailure);

    @Override
    void close();
}
