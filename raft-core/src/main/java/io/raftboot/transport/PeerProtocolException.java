package io.raftboot.transport;

import io.raftboot.resp.RespValue;

/** A refused peer command: the reply to send, and whether the connection is closed after it. */
final class PeerProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RespValue.ErrorReply reply;
    private final boolean closes;

    PeerProtocolException(RespValue.ErrorReply reply, boolean closes) {
        super(reply.text(), null, false, false);
        this.reply = reply;
        this.closes = closes;
    }

    RespValue.ErrorReply reply() {
        return reply;
    }

    boolean closes() {
        return closes;
    }
}
