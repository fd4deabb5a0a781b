package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Turns the bytes of a connection into {@link RespCommand}s: multibulk and inline commands,
 * pipelined, split anywhere, binary safe, within {@link RespLimits}. On malformed or over-limit
 * input it emits one {@link RespProtocolError} after the commands decoded before it, stops reading
 * and discards every later byte: nothing after bad input is executed. The handler that answers
 * commands replies to that error in its turn and closes the connection.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    private final RespRequestParser parser;
    private boolean failed;

    public RespDecoder(RespLimits limits) {
        this.parser = new RespRequestParser(limits);
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
            out.add(new RespProtocolError(e.getMessage()));
        }
    }
}
