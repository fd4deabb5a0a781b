package io.raftboot.resp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;

/**
 * Fired down the pipeline by {@link RespDecoder} as the last message of a connection that sent
 * malformed or over-limit input; the decoder discards everything after it. The handler that orders
 * replies (command dispatch) answers it in its turn, after the replies to the commands decoded
 * before it, with {@link #reply()} and then closes: {@link #answerAndClose}.
 */
public record RespProtocolError(String message) {

    public RespValue.ErrorReply reply() {
        return RespValue.error("ERR " + message);
    }

    /** Writes the error reply and closes the connection once it is flushed. */
    public void answerAndClose(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(reply()).addListener(ChannelFutureListener.CLOSE);
    }
}
