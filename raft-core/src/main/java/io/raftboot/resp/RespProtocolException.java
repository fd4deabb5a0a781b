package io.raftboot.resp;

/**
 * Malformed or over-limit input. The message is the text after {@code "ERR "} in the reply, e.g.
 * {@code "Protocol error: invalid bulk length"}, using Redis' own wording where Redis has one.
 */
public final class RespProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RespProtocolException(String message) {
        super(message, null, false, false);
    }

    /** The reply the connection gets before it is closed. */
    public RespValue.ErrorReply reply() {
        return RespValue.error("ERR " + getMessage());
    }
}
