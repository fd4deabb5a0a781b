package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Client-side decoder: bytes from a RESP server into {@link RespValue} replies. Malformed input
 * raises a {@link io.netty.handler.codec.DecoderException} wrapping a {@link RespProtocolException};
 * a client should close the connection then.
 */
public final class RespReplyDecoder extends ByteToMessageDecoder {
    private final RespReplyParser parser;

    public RespReplyDecoder(long maxBulkLength, int maxElements) {
        this.parser = new RespReplyParser(maxBulkLength, maxElements);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        RespValue value;
        while ((value = parser.next(in)) != null) {
            out.add(value);
        }
    }
}
