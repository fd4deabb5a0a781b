package io.raftboot.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raftboot.consensus.Message;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespDecoder;
import io.raftboot.resp.RespValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The server side of the peer protocol ({@link PeerProtocol}); one instance per connection, placed
 * right after the RESP decoder. It consumes every {@code RAFT.*} command (they never reach client
 * command dispatch) and passes everything else on. Only a connection that completed the handshake
 * can deliver messages or snapshots; before that they are answered {@code -NOAUTH} with no effect.
 */
public final class PeerCommandHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PeerCommandHandler.class);

    static final RespValue.ErrorReply HANDSHAKE_REQUIRED = RespValue.error("NOAUTH peer handshake required");

    private final PeerIdentity identity;
    private final PeerMessageSink messages;
    private final SnapshotReceiver snapshots;

    private byte[] serverNonce;
    private String peerId;
    private SnapshotTransfer transfer;

    public PeerCommandHandler(PeerIdentity identity, PeerMessageSink messages, SnapshotReceiver snapshots) {
        this.identity = identity;
        this.messages = messages;
        this.snapshots = snapshots;
    }

    /** The peer's node id once its handshake completed, else null. */
    public String peerId() {
        return peerId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RespCommand command) || !PeerProtocol.isPeerCommand(command)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            handle(ctx, command);
        } catch (PeerProtocolException e) {
            refuse(ctx, e.reply(), e.closes());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (transfer != null) {
            transfer.abort("connection closed");
            transfer = null;
        }
        ctx.fireChannelInactive();
    }

    private void handle(ChannelHandlerContext ctx, RespCommand command) {
        switch (command.name()) {
            case PeerProtocol.CHALLENGE -> challenge(ctx, command);
            case PeerProtocol.HELLO -> hello(ctx, command);
            case PeerProtocol.MSG -> deliver(command);
            case PeerProtocol.SNAP_BEGIN -> snapshotBegin(ctx, command);
            case PeerProtocol.SNAP_CHUNK -> snapshotChunk(ctx, command);
            case PeerProtocol.SNAP_END -> snapshotEnd(ctx, command);
            default -> throw new PeerProtocolException(
                    RespValue.error("ERR unknown command '" + command.argString(0) + "'"), false);
        }
    }

    private void challenge(ChannelHandlerContext ctx, RespCommand command) {
        arity(command, 2);
        byte[] clientNonce = command.arg(1);
        if (clientNonce.length < 16 || clientNonce.length > 256) {
            throw new PeerProtocolException(RespValue.error("ERR peer handshake: nonce must have 16 to 256 bytes"), true);
        }
        serverNonce = ClusterSecret.newNonce();
        ctx.writeAndFlush(RespValue.array(RespValue.bulk(serverNonce),
                RespValue.bulk(identity.secret().serverProof(clientNonce, identity.nodeId()))));
    }

    private void hello(ChannelHandlerContext ctx, RespCommand command) {
        arity(command, 6);
        if (peerId != null) {
            throw new PeerProtocolException(RespValue.error("ERR peer handshake already completed"), true);
        }
        long min = number(command, 1);
        long max = number(command, 2);
        String clusterId = command.argString(3);
        String nodeId = command.argString(4);
        byte[] proof = command.arg(5);
        if (nodeId.isEmpty()) {
            throw new PeerProtocolException(RespValue.error("ERR peer handshake: empty node id"), true);
        }
        String localCluster = identity.wireClusterId();
        if (!clusterId.equals(PeerProtocol.UNKNOWN_CLUSTER) && !localCluster.equals(PeerProtocol.UNKNOWN_CLUSTER)
                && !clusterId.equals(localCluster)) {
            log.warn("refusing peer {} from {}: cluster id mismatch, local '{}', remote '{}'", nodeId,
                    ctx.channel().remoteAddress(), localCluster, clusterId);
            throw new PeerProtocolException(RespValue.error("ERR peer handshake: cluster id mismatch: local '"
                    + localCluster + "', remote '" + clusterId + "'"), true);
        }
        long version = Math.min(max, identity.maxVersion());
        if (min > max || version < Math.max(min, identity.minVersion())) {
            log.warn("refusing peer {} from {}: no common protocol version, local [{}, {}], remote [{}, {}]", nodeId,
                    ctx.channel().remoteAddress(), identity.minVersion(), identity.maxVersion(), min, max);
            throw new PeerProtocolException(RespValue.error("ERR peer handshake: no common protocol version: local ["
                    + identity.minVersion() + ", " + identity.maxVersion() + "], remote [" + min + ", " + max + "]"), true);
        }
        if (!proofAccepted(proof, nodeId, clusterId)) {
            log.warn("refusing peer {} from {}: cluster secret not proven", nodeId, ctx.channel().remoteAddress());
            throw new PeerProtocolException(RespValue.error("NOAUTH peer handshake: cluster secret proof rejected"), true);
        }
        serverNonce = null;
        peerId = nodeId;
        RespDecoder decoder = ctx.pipeline().get(RespDecoder.class);
        if (decoder != null) {
            // A batch of entries can exceed a client's bulk limit (one entry may be as large as it).
            decoder.raiseMaxBulkLength(PeerProtocol.MAX_PEER_BULK_LENGTH);
        }
        log.debug("peer {} connected from {} with protocol {}", nodeId, ctx.channel().remoteAddress(), version);
        ctx.writeAndFlush(RespValue.array(RespValue.integer(version), RespValue.bulk(localCluster),
                RespValue.bulk(identity.nodeId())));
    }

    private boolean proofAccepted(byte[] proof, String nodeId, String clusterId) {
        ClusterSecret secret = identity.secret();
        if (!secret.isConfigured()) {
            return proof.length == 0;
        }
        // The nonce is single-use: a failed or successful HELLO consumes it.
        byte[] nonce = serverNonce;
        serverNonce = null;
        return nonce != null && secret.verifyClientProof(proof, nonce, nodeId, clusterId);
    }

    private void deliver(RespCommand command) {
        requireHandshake();
        arity(command, 2);
        List<Message> batch;
        try {
            batch = MessageCodec.decodeBatch(command.arg(1));
        } catch (IllegalArgumentException e) {
            throw new PeerProtocolException(RespValue.error("ERR peer message rejected: " + e.getMessage()), true);
        }
        for (Message message : batch) {
            checkAddressing(message);
        }
        if (!batch.isEmpty()) {
            messages.deliver(peerId, batch);
        }
    }

    private void checkAddressing(Message message) {
        if (!message.from().equals(peerId) || !message.to().equals(identity.nodeId())) {
            throw new PeerProtocolException(RespValue.error("ERR peer message rejected: from '" + message.from()
                    + "' to '" + message.to() + "' on the connection of '" + peerId + "' to '" + identity.nodeId()
                    + "'"), true);
        }
    }

    private void snapshotBegin(ChannelHandlerContext ctx, RespCommand command) {
        requireHandshake();
        arity(command, 3);
        if (transfer != null) {
            throw new PeerProtocolException(RespValue.error("ERR snapshot transfer already in progress"), true);
        }
        Message message;
        try {
            message = MessageCodec.decode(command.arg(1));
        } catch (IllegalArgumentException e) {
            throw new PeerProtocolException(RespValue.error("ERR snapshot rejected: " + e.getMessage()), true);
        }
        if (!(message instanceof Message.InstallSnapshot install)) {
            throw new PeerProtocolException(RespValue.error("ERR snapshot rejected: not an InstallSnapshot"), true);
        }
        checkAddressing(install);
        long size = number(command, 2);
        if (size < 0) {
            throw new PeerProtocolException(RespValue.error("ERR snapshot rejected: negative size"), true);
        }
        SnapshotSink sink;
        try {
            sink = snapshots.begin(peerId, install, size);
        } catch (RuntimeException e) {
            log.warn("snapshot from {} refused: {}", peerId, e.toString());
            throw new PeerProtocolException(RespValue.error("ERR snapshot refused: " + e.getMessage()), true);
        }
        transfer = new SnapshotTransfer(ctx, install, size, sink);
        ctx.writeAndFlush(RespValue.OK);
    }

    private void snapshotChunk(ChannelHandlerContext ctx, RespCommand command) {
        requireHandshake();
        arity(command, 3);
        requireTransfer();
        transfer.chunk(number(command, 1), command.arg(2));
    }

    private void snapshotEnd(ChannelHandlerContext ctx, RespCommand command) {
        requireHandshake();
        arity(command, 1);
        requireTransfer();
        transfer.end();
        transfer = null;
    }

    private void requireHandshake() {
        if (peerId == null) {
            throw new PeerProtocolException(HANDSHAKE_REQUIRED, false);
        }
    }

    private void requireTransfer() {
        if (transfer == null) {
            throw new PeerProtocolException(RespValue.error("ERR no snapshot transfer in progress"), true);
        }
    }

    private static void arity(RespCommand command, int expected) {
        if (command.argCount() != expected) {
            throw new PeerProtocolException(RespValue.error("ERR wrong number of arguments for '"
                    + command.argString(0).toLowerCase(java.util.Locale.ROOT) + "' command"), true);
        }
    }

    private static long number(RespCommand command, int index) {
        try {
            return Long.parseLong(new String(command.arg(index), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new PeerProtocolException(RespValue.error("ERR value is not an integer or out of range"), true);
        }
    }

    private void refuse(ChannelHandlerContext ctx, RespValue.ErrorReply reply, boolean close) {
        if (close) {
            if (transfer != null) {
                transfer.abort(reply.text());
                transfer = null;
            }
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(reply);
        }
    }

    /**
     * One incoming snapshot. Sink calls and their acknowledgements form one chain, so the sink sees
     * one call at a time and acknowledgements leave in order (each is queued as an event-loop task
     * from within the chain, before the next step can start).
     */
    private final class SnapshotTransfer {
        private final ChannelHandlerContext ctx;
        private final Message.InstallSnapshot message;
        private final long size;
        private final SnapshotSink sink;
        private final String from = peerId;
        private long received;
        private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        private boolean aborted;

        SnapshotTransfer(ChannelHandlerContext ctx, Message.InstallSnapshot message, long size, SnapshotSink sink) {
            this.ctx = ctx;
            this.message = message;
            this.size = size;
            this.sink = sink;
        }

        void chunk(long offset, byte[] bytes) {
            if (offset != received || received + bytes.length > size) {
                throw new PeerProtocolException(RespValue.error("ERR snapshot chunk at " + offset + " of "
                        + bytes.length + " bytes does not follow " + received + " of " + size), true);
            }
            received += bytes.length;
            step(() -> sink.write(offset, bytes), null);
        }

        void end() {
            if (received != size) {
                throw new PeerProtocolException(RespValue.error("ERR snapshot incomplete: " + received + " of "
                        + size + " bytes"), true);
            }
            step(sink::complete, () -> messages.deliver(from, List.of(message)));
        }

        private void step(Supplier<CompletionStage<Void>> action, Runnable afterwards) {
            chain = chain.thenCompose(ignored -> action.get()).thenRun(() -> ctx.executor().execute(() -> {
                if (!aborted) {
                    if (afterwards != null) {
                        afterwards.run();
                    }
                    ctx.writeAndFlush(RespValue.OK);
                }
            }));
            chain.exceptionally(failure -> {
                ctx.executor().execute(() -> {
                    if (!aborted) {
                        log.warn("snapshot from {} failed: {}", from, failure.toString());
                        abort(failure.toString());
                        if (transfer == this) {
                            transfer = null;
                        }
                        ctx.channel().config().setAutoRead(false);
                        ctx.writeAndFlush(RespValue.error("ERR snapshot write failed"))
                                .addListener(ChannelFutureListener.CLOSE);
                    }
                });
                return null;
            });
        }

        void abort(String reason) {
            if (!aborted) {
                aborted = true;
                log.debug("snapshot transfer from {} aborted: {}", from, reason);
                sink.abort();
            }
        }
    }
}
