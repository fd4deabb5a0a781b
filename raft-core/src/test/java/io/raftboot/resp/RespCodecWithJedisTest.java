package io.raftboot.resp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real client against the codec: a toy key-value handler behind {@link RespPipeline}. */
class RespCodecWithJedisTest {
    private EventLoopGroup group;
    private Channel server;
    private final Map<String, byte[]> store = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        MaxClientsGate gate = new MaxClientsGate(10);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        RespPipeline.addServerCodec(ch.pipeline(), RespLimits.DEFAULTS, gate);
                        ch.pipeline().addLast(new ToyStore());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void jedisTalksToTheCodec() {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            byte[] binary = {0, '\r', '\n', (byte) 0xFF, '$', '*'};
            assertThat(jedis.set("k".getBytes(), binary)).isEqualTo("OK");
            assertThat(jedis.get("k".getBytes())).isEqualTo(binary);
            assertThat(jedis.get("missing")).isNull();
            assertThatThrownBy(() -> jedis.incr("k")).isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("unknown command 'INCR'");

            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> responses = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                pipeline.set("p" + i, "v" + i);
                responses.add(pipeline.get("p" + i));
            }
            pipeline.sync();
            for (int i = 0; i < 1000; i++) {
                assertThat(responses.get(i).get()).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void aProtocolErrorIsAnsweredThenTheConnectionClosedAndTheServerKeepsServing() throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", port)) {
            raw.getOutputStream().write("PING\r\n*1\r\n$x\r\nSET a b\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] all = raw.getInputStream().readAllBytes();
            assertThat(new String(all, StandardCharsets.US_ASCII))
                    .isEqualTo("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        }
        assertThat(store).doesNotContainKey("a");
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    /** SET, GET and PING over a map; anything else is an unknown command. */
    private final class ToyStore extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof RespProtocolError error) {
                error.answerAndClose(ctx);
                return;
            }
            RespCommand command = (RespCommand) msg;
            RespValue reply = switch (command.name()) {
                case "PING" -> RespValue.PONG;
                case "SET" -> {
                    store.put(command.argString(1), command.arg(2));
                    yield RespValue.OK;
                }
                case "GET" -> RespValue.bulk(store.get(command.argString(1)));
                default -> RespValue.error("ERR unknown command '" + command.name() + "'");
            };
            ctx.writeAndFlush(reply);
        }
    }
}
