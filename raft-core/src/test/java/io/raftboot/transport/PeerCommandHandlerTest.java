package io.raftboot.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespDecoder;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespLimits;
import io.raftboot.resp.RespReplyParser;
import io.raftboot.resp.RespValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCommandHandlerTest {
    private static final ClusterSecret SECRET = ClusterSecret.of("s3cret");

    private final List<String> deliveredFrom = new ArrayList<>();
    private final List<Message> delivered = new ArrayList<>();
    private final List<Object> passedOn = new ArrayList<>();
    private final ByteBuf replies = Unpooled.buffer();
    private final RespReplyParser parser = new RespReplyParser(1 << 20, 16);
    private final MemorySink sink = new MemorySink();
    private EmbeddedChannel channel;

    private void server(String clusterId, ClusterSecret secret) {
        server(clusterId, secret, RespLimits.DEFAULTS);
    }

    private void server(String clusterId, ClusterSecret secret, RespLimits limits) {
        PeerIdentity identity = PeerIdentity.of("server", () -> clusterId, secret);
        channel = new EmbeddedChannel(RespEncoder.INSTANCE, new RespDecoder(limits),
                new PeerCommandHandler(identity, (from, messages) -> {
                    deliveredFrom.add(from);
                    delivered.addAll(messages);
                }, (from, message, size) -> {
                    sink.begun = message;
                    sink.size = size;
                    return sink;
                }),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        passedOn.add(msg);
                    }
                });
    }

    @AfterEach
    void release() {
        replies.release();
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private RespValue call(byte[]... args) {
        channel.writeInbound(Unpooled.wrappedBuffer(RespEncoder.toBytes(RespValue.command(args))));
        channel.runPendingTasks();
        return nextReply();
    }

    private RespValue nextReply() {
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            replies.writeBytes(out);
            out.release();
        }
        return parser.next(replies);
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] b(long number) {
        return b(Long.toString(number));
    }

    /** Performs CHALLENGE and HELLO as a client knowing {@code secret}; returns the HELLO reply. */
    private RespValue handshake(ClusterSecret secret, String clusterId, String nodeId, long min, long max) {
        byte[] clientNonce = ClusterSecret.newNonce();
        RespValue.ArrayReply challenge = (RespValue.ArrayReply) call(b("raft.challenge"), clientNonce);
        byte[] serverNonce = ((RespValue.BulkString) challenge.values().get(0)).bytes();
        byte[] proof = secret.clientProof(serverNonce, nodeId, clusterId);
        return call(b("RAFT.HELLO"), b(min), b(max), b(clusterId), b(nodeId), proof);
    }

    private static final RespValue WELCOME_C1 = RespValue.array(RespValue.integer(1), RespValue.bulk("c1"),
            RespValue.bulk("server"));

    @Test
    void handshakeWithoutSecretAcceptsAnEmptyProof() {
        server("c1", ClusterSecret.NONE);
        assertThat(call(b("RAFT.HELLO"), b(1), b(3), b("c1"), b("peer"), new byte[0])).isEqualTo(WELCOME_C1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void handshakeWithTheRightSecretIsAcceptedAndMessagesFlow() {
        server("c1", SECRET);
        assertThat(handshake(SECRET, "c1", "peer", 1, 1)).isEqualTo(WELCOME_C1);
        Message.Heartbeat beat = new Message.Heartbeat("peer", "server", 2, 5, 9);
        Message.AppendResponse ack = new Message.AppendResponse("peer", "server", 2, true, 5, 0, 0);
        channel.writeInbound(Unpooled.wrappedBuffer(RespEncoder.toBytes(RespValue.command(b("RAFT.MSG"),
                MessageCodec.encodeBatch(List.of(beat, ack))))));
        assertThat(delivered).containsExactly(beat, ack);
        assertThat(deliveredFrom).containsExactly("peer");
        assertThat(nextReply()).as("RAFT.MSG has no reply").isNull();
    }

    @Test
    void theServerProvesTheSecretOverTheClientsNonce() {
        server("c1", SECRET);
        byte[] clientNonce = ClusterSecret.newNonce();
        RespValue.ArrayReply challenge = (RespValue.ArrayReply) call(b("RAFT.CHALLENGE"), clientNonce);
        byte[] serverProof = ((RespValue.BulkString) challenge.values().get(1)).bytes();
        assertThat(SECRET.verifyServerProof(serverProof, clientNonce, "server")).isTrue();
        assertThat(ClusterSecret.of("guess").verifyServerProof(serverProof, clientNonce, "server")).isFalse();
        assertThat(SECRET.verifyServerProof(serverProof, ClusterSecret.newNonce(), "server")).isFalse();
        assertThat(SECRET.verifyServerProof(serverProof, clientNonce, "impostor")).isFalse();
    }

    @Test
    void aHandshakenPeerMaySendBatchesLargerThanTheClientBulkLimit() {
        Message.AppendRequest big = new Message.AppendRequest("peer", "server", 2, 0, 0, List.of(
                new io.raftboot.consensus.Entry(1, 2, io.raftboot.consensus.EntryType.COMMAND, new byte[5000])), 0);
        RespLimits small = RespLimits.DEFAULTS.withMaxBulkLength(1000);

        server("c1", ClusterSecret.NONE, small);
        assertThat(call(b("RAFT.MSG"), MessageCodec.encode(big)))
                .isEqualTo(RespValue.error("ERR Protocol error: invalid bulk length"));
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();

        server("c1", ClusterSecret.NONE, small);
        call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]);
        call(b("RAFT.MSG"), MessageCodec.encode(big));
        assertThat(delivered).containsExactly(big);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aWrongSecretIsRefusedAndClosed() {
        server("c1", SECRET);
        RespValue reply = handshake(ClusterSecret.of("guess"), "c1", "peer", 1, 1);
        assertThat(reply).isEqualTo(RespValue.error("NOAUTH peer handshake: cluster secret proof rejected"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMissingSecretIsRefusedWhenTheServerHasOne() {
        server("c1", SECRET);
        assertThat(call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]))
                .isEqualTo(RespValue.error("NOAUTH peer handshake: cluster secret proof rejected"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aProofIsRefusedWhenTheServerHasNoSecret() {
        server("c1", ClusterSecret.NONE);
        assertThat(handshake(SECRET, "c1", "peer", 1, 1))
                .isEqualTo(RespValue.error("NOAUTH peer handshake: cluster secret proof rejected"));
    }

    @Test
    void aNonceIsSingleUse() {
        server("c1", SECRET);
        byte[] clientNonce = ClusterSecret.newNonce();
        RespValue.ArrayReply challenge = (RespValue.ArrayReply) call(b("RAFT.CHALLENGE"), clientNonce);
        byte[] serverNonce = ((RespValue.BulkString) challenge.values().get(0)).bytes();
        byte[] proof = SECRET.clientProof(serverNonce, "peer", "c1");
        assertThat(call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("other"), proof)).isInstanceOf(RespValue.ErrorReply.class);
        server("c1", SECRET);
        // A proof observed on one connection is worthless on another: its nonce differs.
        call(b("RAFT.CHALLENGE"), ClusterSecret.newNonce());
        assertThat(call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), proof))
                .isEqualTo(RespValue.error("NOAUTH peer handshake: cluster secret proof rejected"));
    }

    @Test
    void aClusterIdMismatchNamesBothIds() {
        server("c1", ClusterSecret.NONE);
        assertThat(call(b("RAFT.HELLO"), b(1), b(1), b("c2"), b("peer"), new byte[0]))
                .isEqualTo(RespValue.error("ERR peer handshake: cluster id mismatch: local 'c1', remote 'c2'"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aJoiningNodeWithoutClusterIdLearnsTheServers() {
        server("c1", SECRET);
        assertThat(handshake(SECRET, PeerProtocol.UNKNOWN_CLUSTER, "joiner", 1, 1)).isEqualTo(WELCOME_C1);
    }

    @Test
    void noCommonProtocolVersionIsRefused() {
        server("c1", ClusterSecret.NONE);
        assertThat(call(b("RAFT.HELLO"), b(2), b(5), b("c1"), b("peer"), new byte[0]))
                .isEqualTo(RespValue.error("ERR peer handshake: no common protocol version: local [1, 1], remote [2, 5]"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void messagesBeforeTheHandshakeAreRefusedWithoutEffect() {
        server("c1", ClusterSecret.NONE);
        byte[] batch = MessageCodec.encode(new Message.TimeoutNow("peer", "server", 9));
        assertThat(call(b("RAFT.MSG"), batch)).isEqualTo(RespValue.error("NOAUTH peer handshake required"));
        assertThat(call(b("RAFT.SNAPCHUNK"), b(0), b("x"))).isEqualTo(RespValue.error("NOAUTH peer handshake required"));
        assertThat(delivered).isEmpty();
        assertThat(passedOn).isEmpty();
        assertThat(sink.begun).isNull();
    }

    @Test
    void aPeerCannotSpeakForAnotherNode() {
        server("c1", ClusterSecret.NONE);
        call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]);
        byte[] forged = MessageCodec.encode(new Message.TimeoutNow("someone-else", "server", 9));
        assertThat(call(b("RAFT.MSG"), forged)).isInstanceOf(RespValue.ErrorReply.class);
        assertThat(delivered).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void malformedMessagesAreRefusedAndTheConnectionClosed() {
        server("c1", ClusterSecret.NONE);
        call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]);
        RespValue reply = call(b("RAFT.MSG"), new byte[]{1, 5, 0});
        assertThat(((RespValue.ErrorReply) reply).text()).startsWith("ERR peer message rejected");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void clientCommandsPassThroughAndPeerCommandsNeverDo() {
        server("c1", ClusterSecret.NONE);
        channel.writeInbound(Unpooled.wrappedBuffer(b("GET k\r\nRAFTLEADER\r\nRAFT.NOPE\r\n")));
        assertThat(passedOn).extracting(o -> ((RespCommand) o).name()).containsExactly("GET", "RAFTLEADER");
        assertThat(nextReply()).isEqualTo(RespValue.error("ERR unknown command 'RAFT.NOPE'"));
    }

    @Test
    void aSnapshotIsStoredThenItsInstallMessageDelivered() {
        server("c1", ClusterSecret.NONE);
        call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]);
        Message.InstallSnapshot install = new Message.InstallSnapshot("peer", "server", 4,
                new SnapshotMeta(100, 3, Configuration.ofVoters(List.of(new Member("peer", "h:1", true)))));
        assertThat(call(b("RAFT.SNAPBEGIN"), MessageCodec.encode(install), b(6))).isEqualTo(RespValue.OK);
        assertThat(sink.begun).isEqualTo(install);
        assertThat(call(b("RAFT.SNAPCHUNK"), b(0), b("abc"))).isEqualTo(RespValue.OK);
        assertThat(call(b("RAFT.SNAPCHUNK"), b(3), b("def"))).isEqualTo(RespValue.OK);
        assertThat(delivered).isEmpty();
        assertThat(call(b("RAFT.SNAPEND"))).isEqualTo(RespValue.OK);
        assertThat(sink.bytes.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdef");
        assertThat(sink.completed).isTrue();
        assertThat(delivered).containsExactly(install);
    }

    @Test
    void aChunkOutOfOrderAbortsTheTransfer() {
        server("c1", ClusterSecret.NONE);
        call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]);
        Message.InstallSnapshot install = new Message.InstallSnapshot("peer", "server", 4, SnapshotMeta.NONE);
        call(b("RAFT.SNAPBEGIN"), MessageCodec.encode(install), b(6));
        assertThat(call(b("RAFT.SNAPCHUNK"), b(3), b("abc"))).isInstanceOf(RespValue.ErrorReply.class);
        assertThat(sink.aborted).isTrue();
        assertThat(channel.isOpen()).isFalse();
        assertThat(delivered).isEmpty();
    }

    @Test
    void aConnectionLostMidTransferAbortsIt() {
        server("c1", ClusterSecret.NONE);
        call(b("RAFT.HELLO"), b(1), b(1), b("c1"), b("peer"), new byte[0]);
        call(b("RAFT.SNAPBEGIN"), MessageCodec.encode(new Message.InstallSnapshot("peer", "server", 4,
                SnapshotMeta.NONE)), b(6));
        call(b("RAFT.SNAPCHUNK"), b(0), b("abc"));
        channel.close();
        assertThat(sink.aborted).isTrue();
        assertThat(delivered).isEmpty();
    }

    /** Stores chunks in memory and records what happened. */
    static final class MemorySink implements SnapshotSink {
        Message.InstallSnapshot begun;
        long size;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean completed;
        boolean aborted;

        @Override
        public CompletionStage<Void> write(long offset, byte[] chunk) {
            assertThat(offset).isEqualTo(bytes.size());
            bytes.writeBytes(chunk);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> complete() {
            completed = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
