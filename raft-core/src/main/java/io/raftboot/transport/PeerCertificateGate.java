package io.raftboot.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a TLS connection, lets a peer command ({@code RAFT.*}) through only when the other side
 * presented a certificate that the TLS handshake verified against the trusted CAs. The listener
 * asks every client for a certificate but, with {@code client-auth none}, accepts connections
 * without one; this gate is what keeps such a connection from becoming a peer. The cluster-secret
 * handshake still runs after it. Once a verified certificate is seen the gate removes itself, so
 * it costs nothing on an established peer link; on a client connection it only compares the
 * (cached) command name.
 */
public final class PeerCertificateGate extends ChannelInboundHandlerAdapter {
    public static final String NAME = "tls-peer-gate";
    private static final Logger log = LoggerFactory.getLogger(PeerCertificateGate.class);
    static final RespValue.ErrorReply CERTIFICATE_REQUIRED =
            RespValue.error("NOAUTH peer handshake requires a trusted TLS client certificate");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RespCommand command) || !PeerProtocol.isPeerCommand(command.name())) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (presentedTrustedCertificate(ctx)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        log.warn("refusing peer handshake from {}: no trusted TLS client certificate", ctx.channel().remoteAddress());
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(CERTIFICATE_REQUIRED).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean presentedTrustedCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return false;
        }
        try {
            // The JDK engine lists peer certificates only when it verified them with our trust managers.
            return ssl.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
