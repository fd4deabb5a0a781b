package io.raftboot.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.raftboot.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The client side of the peer handshake: sends RAFT.CHALLENGE when the connection becomes active,
 * checks the server's proof (when this node has a secret) and node id, sends RAFT.HELLO, and
 * completes {@code result} with the agreed version. It removes itself once done; on failure it
 * fails the promise and closes the connection.
 */
final class PeerHandshakeClient extends ChannelInboundHandlerAdapter {
    private final PeerIdentity identity;
    private final String expectedPeerId;
    private final Promise<HandshakeResult> result;
    private byte[] clientNonce;
    private boolean helloSent;

    PeerHandshakeClient(PeerIdentity identity, String expectedPeerId, Promise<HandshakeResult> result) {
        this.identity = identity;
        this.expectedPeerId = expectedPeerId;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clientNonce = ClusterSecret.newNonce();
        ctx.writeAndFlush(RespValue.command(bytes(PeerProtocol.CHALLENGE), clientNonce));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof RespValue reply)) {
                throw new HandshakeRefusedException("unexpected message " + msg);
            }
            if (reply instanceof RespValue.ErrorReply error) {
                throw new HandshakeRefusedException("peer " + expectedPeerId + " refused the handshake: " + error.text());
            }
            if (!helloSent) {
                onChallengeReply(ctx, reply);
            } else {
                onHelloReply(ctx, reply);
            }
        } catch (HandshakeRefusedException e) {
            fail(ctx, e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.tryFailure(new HandshakeRefusedException("connection to " + expectedPeerId + " closed during the handshake"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void onChallengeReply(ChannelHandlerContext ctx, RespValue reply) {
        List<RespValue> parts = arrayOf(reply, 2);
        byte[] serverNonce = bulk(parts.get(0));
        byte[] serverProof = bulk(parts.get(1));
        ClusterSecret secret = identity.secret();
        if (secret.isConfigured()) {
            if (!secret.verifyServerProof(serverProof, clientNonce, expectedPeerId)) {
                throw new HandshakeRefusedException("peer " + expectedPeerId + " did not prove the cluster secret");
            }
        } else if (serverProof.length != 0) {
            throw new HandshakeRefusedException("peer " + expectedPeerId
                    + " uses a cluster secret but this node has none (raft.cluster-secret)");
        }
        String clusterId = identity.wireClusterId();
        byte[] proof = secret.clientProof(serverNonce, identity.nodeId(), clusterId);
        helloSent = true;
        ctx.writeAndFlush(RespValue.command(bytes(PeerProtocol.HELLO), bytes(Integer.toString(identity.minVersion())),
                bytes(Integer.toString(identity.maxVersion())), bytes(clusterId), bytes(identity.nodeId()), proof));
    }

    private void onHelloReply(ChannelHandlerContext ctx, RespValue reply) {
        List<RespValue> parts = arrayOf(reply, 3);
        if (!(parts.get(0) instanceof RespValue.IntegerReply version)) {
            throw new HandshakeRefusedException("malformed handshake reply from " + expectedPeerId);
        }
        String clusterId = new String(bulk(parts.get(1)), StandardCharsets.UTF_8);
        String nodeId = new String(bulk(parts.get(2)), StandardCharsets.UTF_8);
        if (!nodeId.equals(expectedPeerId)) {
            throw new HandshakeRefusedException("expected peer " + expectedPeerId + " but " + nodeId + " answered");
        }
        if (version.value() < identity.minVersion() || version.value() > identity.maxVersion()) {
            throw new HandshakeRefusedException("peer " + expectedPeerId + " chose protocol " + version.value()
                    + " outside [" + identity.minVersion() + ", " + identity.maxVersion() + "]");
        }
        ctx.pipeline().remove(this);
        result.trySuccess(new HandshakeResult((int) version.value(), clusterId, nodeId));
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (result.tryFailure(cause)) {
            ctx.close();
        }
    }

    private List<RespValue> arrayOf(RespValue reply, int size) {
        if (reply instanceof RespValue.ArrayReply array && !array.isNull() && array.values().size() == size) {
            return array.values();
        }
        throw new HandshakeRefusedException("malformed handshake reply from " + expectedPeerId + ": " + reply);
    }

    private byte[] bulk(RespValue value) {
        if (value instanceof RespValue.BulkString b && !b.isNull()) {
            return b.bytes();
        }
        throw new HandshakeRefusedException("malformed handshake reply from " + expectedPeerId + ": " + value);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
