package io.raftboot.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.raftboot.api.RaftOptions;
import io.raftboot.command.ClientSession;
import io.raftboot.command.LeaderProxy;
import io.raftboot.command.RaftCommands;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespReplyDecoder;
import io.raftboot.resp.RespValue;
import io.raftboot.tls.OutboundTls;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code raft.redirect=proxy}: each client connection gets its own link to the leader, so its
 * requests keep their order. State machine commands travel wrapped in RAFTFORWARD; the leader
 * answers {@code [commit index, reply]}, and the client's later reads wait until this member applied
 * that far. Built-ins (membership, transfer) travel as they are. A request is sent once: a broken
 * link answers {@code -TIMEOUT outcome unknown}.
 */
public final class ProxyForwarder implements LeaderProxy {
    private final Bootstrap bootstrap;
    private final RaftOptions options;
    private final OutboundTls tls;
    private final Map<Long, Link> links = new ConcurrentHashMap<>();

    public ProxyForwarder(EventLoopGroup group, RaftOptions options) {
        this(group, options, OutboundTls.PLAIN);
    }

    /** @param tls how links to the leader are opened (TLS when the leader's advertised port speaks it) */
    public ProxyForwarder(EventLoopGroup group, RaftOptions options, OutboundTls tls) {
        this.options = options;
        this.tls = tls;
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.requestTimeout().toMillis());
    }

    @Override
    public CompletionStage<RespValue> forward(String leaderAddress, RespCommand command, ClientSession session,
                                              boolean stateMachineCommand) {
        Link link = links.compute(session.id(), (id, existing) -> {
            if (existing != null && existing.address.equals(leaderAddress) && existing.usable()) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new Link(leaderAddress);
        });
        int offset = stateMachineCommand ? 1 : 0;
        RespValue[] args = new RespValue[command.argCount() + offset];
        if (stateMachineCommand) {
            args[0] = RespValue.bulk(RaftCommands.FORWARD.toUpperCase(Locale.ROOT));
        }
        for (int i = 0; i < command.argCount(); i++) {
            args[i + offset] = RespValue.bulk(command.arg(i));
        }
        CompletableFuture<RespValue> sent = link.send(RespValue.array(args));
        if (!stateMachineCommand) {
            return sent;
        }
        return sent.thenApply(reply -> {
            if (reply instanceof RespValue.ArrayReply wrapped && wrapped.values() != null && wrapped.values().size() == 2
                    && wrapped.values().get(0) instanceof RespValue.IntegerReply index) {
                session.observedWrite(index.value());
                return wrapped.values().get(1);
            }
            return reply;
        });
    }

    @Override
    public void closed(ClientSession session) {
        Link link = links.remove(session.id());
        if (link != null) {
            link.close();
        }
    }

    /** One connection to the leader; replies match requests in order. */
    private final class Link {
        final String address;
        private final ChannelFuture connect;
        private final ArrayDeque<CompletableFuture<RespValue>> pending = new ArrayDeque<>();
        private volatile boolean broken;

        Link(String address) {
            this.address = address;
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    tls.install(ch.pipeline(), host, port);
                    ch.pipeline().addLast(RespEncoder.INSTANCE);
                    ch.pipeline().addLast(new RespReplyDecoder(options.limits().maxBulkLength(), options.limits().maxArguments()));
                    ch.pipeline().addLast(new SimpleChannelInboundHandler<RespValue>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, RespValue reply) {
                            CompletableFuture<RespValue> next = pending.poll();
                            if (next != null) {
                                next.complete(reply);
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            fail();
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            }).connect(host, port);
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    connect.channel().eventLoop().execute(this::fail);
                }
            });
            if (options.password().isPresent()) {
                send(RespValue.command("AUTH", options.password().get()));
            }
        }

        boolean usable() {
            return !broken;
        }

        CompletableFuture<RespValue> send(RespValue request) {
            CompletableFuture<RespValue> reply = new CompletableFuture<>();
            Channel channel = connect.channel();
            channel.eventLoop().execute(() -> {
                if (broken) {
                    reply.complete(Replies.TIMEOUT_UNKNOWN);
                    return;
                }
                pending.add(reply);
                connect.addListener(f -> {
                    if (f.isSuccess()) {
                        channel.writeAndFlush(request);
                    }
                });
            });
            return reply;
        }

        private void fail() {
            broken = true;
            CompletableFuture<RespValue> next;
            while ((next = pending.poll()) != null) {
                next.complete(Replies.TIMEOUT_UNKNOWN);
            }
        }

        void close() {
            connect.channel().close();
        }
    }

}
