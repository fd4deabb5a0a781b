package io.raftboot.node;

import io.raftboot.consensus.Message;
import io.raftboot.storage.SnapshotFile;

import java.util.List;
import java.util.Map;

/** A peer network that only records what is sent, into a list the test reads. */
final class RecordingPeerNetwork implements PeerNetwork {
    private final List<Message> sent;

    RecordingPeerNetwork(List<Message> sent) {
        this.sent = sent;
    }

    @Override
    public void send(List<Message> messages) {
        sent.addAll(messages);
    }

    @Override
    public void updatePeers(Map<String, String> addresses) {
    }

    @Override
    public void sendSnapshot(String peerId, SnapshotFile file, Message.InstallSnapshot install, Runnable onFailure) {
    }

    @Override
    public void close() {
    }
}
