package io.raftboot.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.SnapshotMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeerTransportLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TransportSettings FAST = new TransportSettings(Duration.ofSeconds(2), Duration.ofMillis(10),
            Duration.ofMillis(200), 64L * 1024 * 1024, 64 * 1024, 256 * 1024, 4, Duration.ofSeconds(10));

    private EventLoopGroup group;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> connectedEvents = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final PeerTransportListener listener = new PeerTransportListener() {
        @Override
        public void peerConnected(String peerId, HandshakeResult result) {
            connectedEvents.add(peerId + "/" + result.clusterId());
        }

        @Override
        public void peerUnreachable(String peerId, Throwable cause) {
            failures.add(cause);
        }
    };

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private LoopbackPeerServer server(int port, String clusterId, ClusterSecret secret) throws InterruptedException {
        LoopbackPeerServer server = new LoopbackPeerServer(group, port, PeerIdentity.of("server", () -> clusterId, secret));
        closeables.add(server);
        return server;
    }

    private PeerTransport transport(String clusterId, ClusterSecret secret) {
        PeerTransport transport = new PeerTransport(PeerIdentity.of("client", () -> clusterId, secret), FAST, group,
                listener);
        closeables.add(transport);
        return transport;
    }

    private static List<Message> numbered(int from, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(new Message.AppendResponse("client", "server", 1, true, i, 0, 0));
        }
        return messages;
    }

    @Test
    void deliversInOrderAndReconnectsAfterTheServerRestarts() throws Exception {
        ClusterSecret secret = ClusterSecret.of("shared");
        LoopbackPeerServer first = server(0, "c1", secret);
        int port = first.port();
        PeerTransport transport = transport("c1", secret);
        transport.updatePeers(Map.of("server", first.address(), "client", "127.0.0.1:1"));

        List<Message> before = numbered(0, 500);
        for (int i = 0; i < before.size(); i += 50) {
            transport.send(before.subList(i, i + 50));
        }
        await().atMost(WAIT).until(() -> first.delivered.size() >= before.size());
        assertThat(first.delivered).containsExactlyElementsOf(before);
        assertThat(connectedEvents).containsExactly("server/c1");

        first.close();
        await().atMost(WAIT).until(() -> !transport.isConnected("server"));
        List<Message> after = numbered(500, 300);
        for (int i = 0; i < after.size(); i += 30) {
            transport.send(after.subList(i, i + 30));
        }
        await().atMost(WAIT).until(() -> failures.size() >= 2);

        LoopbackPeerServer second = server(port, "c1", secret);
        await().atMost(WAIT).until(() -> second.delivered.size() >= after.size());
        assertThat(second.delivered).containsExactlyElementsOf(after);
        assertThat(connectedEvents).hasSize(2);
    }

    @Test
    void queuedHeartbeatsCoalesceToTheNewest() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.NONE);
        int port = server.port();
        server.close();
        PeerTransport transport = transport("c1", ClusterSecret.NONE);
        transport.updatePeers(Map.of("server", "127.0.0.1:" + port));
        List<Message> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            transport.send(List.of(new Message.Heartbeat("client", "server", 1, i, i)));
            Message vote = new Message.VoteResponse("client", "server", i, true, false);
            transport.send(List.of(vote));
            if (i == 49) {
                // Only the newest heartbeat survives, at the place it was sent.
                expected.add(new Message.Heartbeat("client", "server", 1, 49, 49));
            }
            expected.add(vote);
        }
        await().atMost(WAIT).until(() -> !failures.isEmpty());
        LoopbackPeerServer restarted = server(port, "c1", ClusterSecret.NONE);
        await().atMost(WAIT).until(() -> restarted.delivered.size() >= expected.size());
        assertThat(restarted.delivered).containsExactlyElementsOf(expected);
    }

    @Test
    void aRaftMessageWithoutHandshakeIsRefusedOverARealSocket() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.NONE);
        byte[] batch = MessageCodec.encode(new Message.TimeoutNow("client", "server", 5));
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.getOutputStream().write(io.raftboot.resp.RespEncoder.toBytes(io.raftboot.resp.RespValue.command(
                    "RAFT.MSG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), batch)));
            byte[] expected = "-NOAUTH peer handshake required\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(raw.getInputStream().readNBytes(expected.length)).isEqualTo(expected);
        }
        assertThat(server.delivered).isEmpty();
    }

    @Test
    void aWrongSecretIsRefusedBothWays() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.of("right"));
        PeerTransport transport = transport("c1", ClusterSecret.of("wrong"));
        transport.updatePeers(Map.of("server", server.address()));
        transport.send(numbered(0, 3));
        await().atMost(WAIT).until(() -> failures.stream().anyMatch(f -> f instanceof HandshakeRefusedException
                && f.getMessage().contains("did not prove the cluster secret")));
        assertThat(server.delivered).isEmpty();
        assertThat(transport.isConnected("server")).isFalse();
    }

    @Test
    void aClusterIdMismatchIsRefusedNamingBothIds() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.NONE);
        PeerTransport transport = transport("c2", ClusterSecret.NONE);
        transport.updatePeers(Map.of("server", server.address()));
        transport.send(numbered(0, 3));
        await().atMost(WAIT).until(() -> failures.stream().anyMatch(f -> f instanceof HandshakeRefusedException
                && f.getMessage().contains("local 'c1', remote 'c2'")));
        assertThat(server.delivered).isEmpty();
    }

    @Test
    void aServerAnsweringWithAnotherNodeIdIsRefused() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.NONE);
        PeerTransport transport = transport("c1", ClusterSecret.NONE);
        transport.updatePeers(Map.of("elsewhere", server.address()));
        transport.send(List.of(new Message.TimeoutNow("client", "elsewhere", 1)));
        await().atMost(WAIT).until(() -> failures.stream().anyMatch(f -> f instanceof HandshakeRefusedException
                && f.getMessage().contains("expected peer elsewhere but server answered")));
        assertThat(server.delivered).isEmpty();
    }

    @Test
    void aSnapshotOfSeveralMegabytesArrivesByteForByteWhileHeartbeatsKeepFlowing() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.of("s"));
        PeerTransport transport = transport("c1", ClusterSecret.of("s"));
        transport.updatePeers(Map.of("server", server.address()));
        byte[] snapshot = new byte[5 * 1024 * 1024 + 123];
        new Random(5).nextBytes(snapshot);
        CompletableFuture<Void> held = new CompletableFuture<>();
        server.writeGate = () -> held;
        Message.InstallSnapshot install = new Message.InstallSnapshot("client", "server", 3,
                new SnapshotMeta(1000, 2, io.raftboot.consensus.Configuration.EMPTY));

        CompletableFuture<Void> sent = transport.sendSnapshot(install, new ArraySource(snapshot));
        // While the receiver holds the snapshot's writes, messages on the peer link still arrive.
        Message beat = new Message.Heartbeat("client", "server", 3, 7, 1);
        transport.send(List.of(beat));
        await().atMost(WAIT).until(() -> server.delivered.contains(beat));
        assertThat(sent).isNotDone();

        server.writeGate = () -> CompletableFuture.completedFuture(null);
        held.complete(null);
        sent.get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> server.delivered.contains(install));
        synchronized (server.snapshotBytes) {
            assertThat(Arrays.equals(server.snapshotBytes.toByteArray(), snapshot)).isTrue();
        }
        assertThat(server.snapshotCompleted).isTrue();
        assertThat(server.snapshotAborted).isFalse();
    }

    @Test
    void followsAddressChangesAndForgetsRemovedPeers() throws Exception {
        LoopbackPeerServer first = server(0, "c1", ClusterSecret.NONE);
        LoopbackPeerServer second = server(0, "c1", ClusterSecret.NONE);
        PeerTransport transport = transport("c1", ClusterSecret.NONE);
        transport.updatePeers(Map.of("server", first.address()));
        transport.send(numbered(0, 1));
        await().atMost(WAIT).until(() -> first.delivered.size() == 1);

        transport.updatePeers(Map.of("server", second.address()));
        await().atMost(WAIT).until(() -> connectedEvents.size() == 2);
        transport.send(numbered(1, 1));
        await().atMost(WAIT).until(() -> second.delivered.size() == 1);
        assertThat(second.delivered).containsExactlyElementsOf(numbered(1, 1));
        assertThat(first.delivered).hasSize(1);

        transport.updatePeers(Map.of());
        await().atMost(WAIT).until(() -> !transport.isConnected("server"));
        transport.send(numbered(2, 3));
        assertThat(transport.unroutableMessages()).isEqualTo(3);
    }

    @Test
    void anEmptySnapshotIsDeliveredToo() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.NONE);
        PeerTransport transport = transport("c1", ClusterSecret.NONE);
        transport.updatePeers(Map.of("server", server.address()));
        Message.InstallSnapshot install = new Message.InstallSnapshot("client", "server", 3, SnapshotMeta.NONE);
        transport.sendSnapshot(install, new ArraySource(new byte[0])).get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> server.delivered.contains(install));
        assertThat(server.snapshotCompleted).isTrue();
    }

    @Test
    void aSnapshotRefusedByTheReceiverFailsTheSender() throws Exception {
        LoopbackPeerServer server = server(0, "c1", ClusterSecret.NONE);
        server.refuseSnapshots = true;
        PeerTransport transport = transport("c1", ClusterSecret.NONE);
        transport.updatePeers(Map.of("server", server.address()));
        Message.InstallSnapshot install = new Message.InstallSnapshot("client", "server", 3, SnapshotMeta.NONE);
        CompletableFuture<Void> sent = transport.sendSnapshot(install, new ArraySource(new byte[1_000_000]));
        await().atMost(WAIT).until(sent::isDone);
        assertThat(sent).isCompletedExceptionally();
        assertThat(server.delivered).doesNotContain(install);
    }

    @Test
    void aSnapshotToAnUnknownPeerFails() {
        PeerTransport transport = transport("c1", ClusterSecret.NONE);
        CompletableFuture<Void> sent = transport.sendSnapshot(new Message.InstallSnapshot("client", "nobody", 1,
                SnapshotMeta.NONE), new ArraySource(new byte[1]));
        assertThat(sent).isCompletedExceptionally();
    }

    /** A snapshot in memory. */
    record ArraySource(byte[] bytes) implements SnapshotSource {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public byte[] read(long offset, int count) {
            return Arrays.copyOfRange(bytes, (int) offset, (int) offset + count);
        }
    }
}
