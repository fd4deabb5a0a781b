package io.raftboot.node;

import io.raftboot.consensus.Message;
import io.raftboot.storage.SnapshotFile;
import io.raftboot.storage.SnapshotStore;
import io.raftboot.transport.PeerTransport;
import io.raftboot.transport.SnapshotSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@link PeerNetwork} over the RESP peer transport; snapshots are read from the snapshot store. */
final class TransportNetwork implements PeerNetwork {
    private final PeerTransport transport;
    private final SnapshotStore snapshots;

    TransportNetwork(PeerTransport transport, SnapshotStore snapshots) {
        this.transport = transport;
        this.snapshots = snapshots;
    }

    @Override
    public void send(List<Message> messages) {
        transport.send(messages);
    }

    @Override
    public void updatePeers(Map<String, String> addresses) {
        transport.updatePeers(addresses);
    }

    @Override
    public void sendSnapshot(String peerId, SnapshotFile file, Message.InstallSnapshot install, Runnable onFailure) {
        SnapshotSource source = new SnapshotSource() {
            @Override
            public long size() {
                return file.size();
            }

            @Override
            public byte[] read(long offset, int count) throws IOException {
                return snapshots.readChunk(file.id(), offset, count);
            }

            @Override
            public void close() {
            }
        };
        transport.sendSnapshot(install, source).whenComplete((ok, failure) -> {
            if (failure != null) {
                onFailure.run();
            }
        });
    }

    @Override
    public void close() {
        transport.close();
    }
}
