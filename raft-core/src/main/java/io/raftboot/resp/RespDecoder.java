package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Turns the bytes of a connection into {@link RespCommand}s: multibulk and inline commands,
 * pipelined, split anywhere, binary safe, within {@link RespLimits}. On malformed or over-limit
 * input it stops reading and discards every later byte: nothing after bad input is executed. Then,
 * by default, it answers the error itself, after the earlier commands were handed on, and closes
 * the connection once the reply is flushed (replies that earlier commands complete later, e.g.
 * after replication, are lost with the connection). With
 * {@code forwardErrors}, it instead emits one {@link RespProtocolError} after the commands decoded
 * before it, for the handler that orders replies to answer in its turn and close.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    private final RespRequestParser parser;
    private final boolean forwardErrors;
    private boolean failed;

    /** A decoder that answers protocol errors itself. */
    public RespDecoder(RespLimits limits) {
        this(limits, false);
    }

    /** @param forwardErrors emit {@link RespProtocolError} down the pipeline instead of answering it */
    public RespDecoder(RespLimits limits, boolean forwardErrors) {
        this.parser = new RespRequestParser(limits);
        this.forwardErrors = forwardErrors;
    }

    /**
     * Lets later bulk strings be as long as {@code maxBulkLength}: a connection that proved it is a
     * cluster peer carries log entries as large as any client's command plus framing.
     */
    public void raiseMaxBulkLength(long maxBulkLength) {
        RespLimits current = parser.limits();
        if (maxBulkLength > current.maxBulkLength()) {
            parser.limits(current.withMaxBulkLength(maxBulkLength));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            RespCommand command;
            while ((command = parser.next(in)) != null) {
                out.add(command);
            }
        } catch (RespProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.channel().config().setAutoRead(false);
            RespProtocolError error = new RespProtocolError(e.getMessage());
            if (forwardErrors) {
                out.add(error);
            } else {
                // After the commands decoded before the error have gone down the pipeline, so that
                // replies written synchronously for them precede it.
                ctx.executor().execute(() -> error.answerAndClose(ctx));
            }
        }
    }
}
