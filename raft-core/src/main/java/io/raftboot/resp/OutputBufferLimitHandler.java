package io.raftboot.resp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose reader is too slow: when the reply bytes queued in Netty's outbound
 * buffer exceed {@link RespLimits#clientOutputBuffer()}, the connection is closed and its queued
 * replies are dropped, so memory stays flat whatever a client stops reading. Place it at the head
 * of the pipeline (before the encoder) so it sees encoded bytes. Netty counts a small fixed
 * overhead per queued write, so the limit is approximate for tiny replies.
 */
public final class OutputBufferLimitHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(OutputBufferLimitHandler.class);

    private final long limit;
    private boolean closing;

    public OutputBufferLimitHandler(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("output buffer limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closing) {
            io.netty.util.ReferenceCountUtil.release(msg);
            promise.tryFailure(new java.nio.channels.ClosedChannelException());
            return;
        }
        ctx.write(msg, promise);
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer != null && buffer.totalPendingWriteBytes() > limit) {
            closing = true;
            log.warn("closing {}: {} reply bytes pending exceed the client output buffer limit of {}",
                    ctx.channel().remoteAddress(), buffer.totalPendingWriteBytes(), limit);
            ctx.close();
        }
    }
}
