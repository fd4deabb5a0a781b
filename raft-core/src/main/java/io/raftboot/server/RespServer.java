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
import io.raftboot.transport.PeerCommandHandler;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The one listener of a node: clients and peers share it. Each connection gets the RESP codec, the
 * peer protocol handler (which consumes RAFT.* commands) and the client command handler.
 */
public final class RespServer implements AutoCloseable {
    private final Channel serverChannel;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final MaxClientsGate gate;

    /**
     * Binds at once; connections arriving before {@code dispatcher} supplies a dispatcher are answered
     * {@code -LOADING}, peer messages before {@code peerHandlers} is ready are refused by it.
     */
    public RespServer(String host, int port, RespLimits limits, EventLoopGroup boss, EventLoopGroup workers,
                      Supplier<PeerCommandHandler> peerHandlers, Supplier<CommandDispatcher> dispatcher,
                      boolean passwordRequired, Runnable connectionsChanged) {
        this.gate = new MaxClientsGate(limits.maxClients());
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
                        ch.pipeline().addLast("raft-peer", peerHandlers.get());
                        ch.pipeline().addLast("raft-client", new ClientConnectionHandler(dispatcher, passwordRequired,
                                connectionsChanged));
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int openConnections() {
        return gate.openConnections();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
    }
}
