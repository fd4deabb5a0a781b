package io.raftboot.resp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RespConnectionLimitsTest {

    @Test
    void outputBufferLimitClosesASlowReaderAndDropsItsReplies() {
        EmbeddedChannel channel = new EmbeddedChannel(new OutputBufferLimitHandler(2500), RespEncoder.INSTANCE);
        RespValue reply = RespValue.bulk("x".repeat(1000));
        channel.write(reply);
        channel.write(reply);
        assertThat(channel.isOpen()).isTrue();
        channel.write(reply);
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.write(reply).isSuccess()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void maxClientsGateRefusesTheConnectionOverTheLimit() {
        MaxClientsGate gate = new MaxClientsGate(1);
        EmbeddedChannel first = new EmbeddedChannel(RespEncoder.INSTANCE, gate);
        EmbeddedChannel second = new EmbeddedChannel(RespEncoder.INSTANCE, gate);
        assertThat(first.isOpen()).isTrue();
        ByteBuf refusal = second.readOutbound();
        assertThat(refusal.toString(StandardCharsets.US_ASCII)).isEqualTo("-ERR max number of clients reached\r\n");
        refusal.release();
        assertThat(second.isOpen()).isFalse();
        assertThat(gate.openConnections()).isEqualTo(1);
        first.close();
        EmbeddedChannel third = new EmbeddedChannel(RespEncoder.INSTANCE, gate);
        assertThat(third.isOpen()).isTrue();
        Object nothing = third.readOutbound();
        assertThat(nothing).isNull();
        third.finishAndReleaseAll();
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void idleConnectionsAreClosedOnlyAfterTheTimeout() {
        EmbeddedChannel channel = new EmbeddedChannel(new IdleConnectionCloser(Duration.ofSeconds(5)));
        channel.advanceTimeBy(4, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(IdleConnectionCloser.isEnabled(RespLimits.DEFAULTS)).isFalse();
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedOverRealSockets() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<Channel> serverSide = new CompletableFuture<>();
        byte[] big = new byte[1024 * 1024];
        RespLimits limits = RespLimits.DEFAULTS.withClientOutputBuffer(4L * 1024 * 1024);
        MaxClientsGate gate = new MaxClientsGate(limits.maxClients());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            serverSide.complete(ch);
                            RespPipeline.addServerCodec(ch.pipeline(), limits, gate);
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<RespCommand>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, RespCommand cmd) {
                                    ctx.writeAndFlush(RespValue.bulk(big));
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            try (Socket client = new Socket("127.0.0.1", port)) {
                client.setReceiveBufferSize(64 * 1024);
                OutputStream out = client.getOutputStream();
                byte[] get = "GET k\r\n".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 200; i++) {
                    out.write(get);
                }
                out.flush();
                Channel connection = serverSide.get(10, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(20)).until(() -> !connection.isOpen());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
