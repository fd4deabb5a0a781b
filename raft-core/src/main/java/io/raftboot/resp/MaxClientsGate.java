package io.raftboot.resp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most {@code maxClients} open connections; the next one is answered
 * {@code -ERR max number of clients reached} and closed, as Redis does. One instance is shared by
 * every connection of a server; it must be first in the pipeline after the encoder.
 */
@ChannelHandler.Sharable
public final class MaxClientsGate extends ChannelInboundHandlerAdapter {
    public static final RespValue.ErrorReply REFUSED = RespValue.error("ERR max number of clients reached");

    private final int maxClients;
    private final AtomicInteger open = new AtomicInteger();

    public MaxClientsGate(int maxClients) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be positive: " + maxClients);
        }
        this.maxClients = maxClients;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > maxClients) {
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(REFUSED).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    /** Connections currently open, including refused ones not yet closed. */
    public int openConnections() {
        return open.get();
    }
}
