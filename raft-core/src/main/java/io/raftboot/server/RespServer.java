package io.raftboot.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.raftboot.command.CommandDispatcher;
import io.raftboot.resp.MaxClientsGate;
import io.raftboot.resp.RespLimits;
import io.raftboot.resp.RespPipeline;
import io.raftboot.api.TlsOptions;
import io.raftboot.transport.PeerCertificateGate;
import io.raftboot.tls.TlsContexts;
import io.raftboot.transport.PeerCommandHandler;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The one listener of a node: clients and peers share it. Each connection gets the RESP codec, the
 * peer protocol handler (which consumes RAFT.* commands) and the client command handler; with TLS,
 * an {@code SslHandler} in front and a {@link PeerCertificateGate} before the peer handler.
 */
public final class RespServer implements AutoCloseable {
    private final Channel serverChannel;
    private final Channel tlsChannel;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final MaxClientsGate gate;

    /** A plain-TCP listener. */
    public RespServer(String host, int port, RespLimits limits, EventLoopGroup boss, EventLoopGroup workers,
                      Supplier<PeerCommandHandler> peerHandlers, Supplier<CommandDispatcher> dispatcher,
                      boolean passwordRequired, Runnable connectionsChanged) {
        this(host, port, null, limits, boss, workers, peerHandlers, dispatcher, passwordRequired, connectionsChanged);
    }

    /**
     * Binds at once; connections arriving before {@code dispatcher} supplies a dispatcher are answered
     * {@code -LOADING}, peer messages before {@code peerHandlers} is ready are refused by it.
     *
     * @param tls null for plain TCP; otherwise {@code port} speaks TLS only, or, when the options name a
     *            separate TLS port, {@code port} stays plain and a second listener speaks TLS
     */
    public RespServer(String host, int port, ServerTls tls, RespLimits limits, EventLoopGroup boss,
                      EventLoopGroup workers, Supplier<PeerCommandHandler> peerHandlers,
                      Supplier<CommandDispatcher> dispatcher, boolean passwordRequired, Runnable connectionsChanged) {
        this.gate = new MaxClientsGate(limits.maxClients());
        boolean mainTls = tls != null && tls.options().onMainPort();
        serverChannel = bind(host, port, "raft.port", mainTls ? tls.contexts() : null, limits, boss, workers,
                peerHandlers, dispatcher, passwordRequired, connectionsChanged);
        if (tls != null && !mainTls) {
            Channel second;
            try {
                second = bind(host, tls.options().port(), "raft.tls.port", tls.contexts(), limits, boss, workers,
                        peerHandlers, dispatcher, passwordRequired, connectionsChanged);
            } catch (RuntimeException e) {
                serverChannel.close().syncUninterruptibly();
                throw e;
            }
            tlsChannel = second;
        } else {
            tlsChannel = null;
        }
    }

    /** TLS settings of the listener: the options and the contexts built from them. */
    public record ServerTls(TlsOptions options, TlsContexts contexts) {
    }

    private Channel bind(String host, int port, String property, TlsContexts tls, RespLimits limits,
                         EventLoopGroup boss, EventLoopGroup workers, Supplier<PeerCommandHandler> peerHandlers,
                         Supplier<CommandDispatcher> dispatcher, boolean passwordRequired,
                         Runnable connectionsChanged) {
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        RespPipeline.addServerCodec(ch.pipeline(), limits, gate);
                        if (tls != null) {
                            // First in the pipeline: nothing reaches the RESP decoder, and no reply leaves,
                            // before the TLS handshake; a plain client's bytes fail it and close the connection.
                            ch.pipeline().addFirst(TlsContexts.HANDLER, tls.newServerHandler(ch.alloc()));
                            ch.pipeline().addLast(PeerCertificateGate.NAME, new PeerCertificateGate());
                        }
                        ch.pipeline().addLast("raft-peer", peerHandlers.get());
                        ch.pipeline().addLast("raft-client", new ClientConnectionHandler(dispatcher, passwordRequired,
                                connectionsChanged));
                    }
                });
        try {
            return bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + property + "): "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The separate TLS listener's port, or -1 when there is none. */
    public int tlsPort() {
        return tlsChannel == null ? -1 : ((InetSocketAddress) tlsChannel.localAddress()).getPort();
    }

    public int openConnections() {
        return gate.openConnections();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        if (tlsChannel != null) {
            tlsChannel.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
    }
}
