package io.raftboot.resp;

import io.raftboot.api.NullArray;
import io.raftboot.api.Status;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Turns what handlers return or throw into RESP replies, and holds the contract's fixed errors. */
public final class Replies {
    public static final RespValue.ErrorReply CLUSTERDOWN = RespValue.error("CLUSTERDOWN leader not known");
    /** A write the leader held back (overloaded or transferring) until its request timed out. */
    public static final RespValue.ErrorReply NOT_ACCEPTED =
            RespValue.error("CLUSTERDOWN write not accepted in time (leader busy or handing over)");
    public static final RespValue.ErrorReply TIMEOUT_UNKNOWN = RespValue.error("TIMEOUT outcome unknown");
    public static final RespValue.ErrorReply TIMEOUT_NO_QUORUM = RespValue.error("TIMEOUT no quorum for read");
    public static final RespValue.ErrorReply NOAUTH = RespValue.error("NOAUTH Authentication required.");
    public static final RespValue.ErrorReply WRONGPASS =
            RespValue.error("WRONGPASS invalid username-password pair or user is disabled.");
    public static final RespValue.ErrorReply SHUTDOWN = RespValue.error("ERR node is shutting down");

    private Replies() {
    }

    public static RespValue.ErrorReply unknownCommand(String name) {
        return RespValue.error("ERR unknown command '" + name + "'");
    }

    public static RespValue.ErrorReply wrongArity(String name) {
        return RespValue.error("ERR wrong number of arguments for '" + name + "' command");
    }

    /** A handler's return value as a reply (see the CommandHandler contract). */
    public static RespValue toReply(Object value) {
        if (value == null) {
            return RespValue.NULL_BULK;
        }
        if (value instanceof RespValue resp) {
            return resp;
        }
        if (value instanceof NullArray) {
            return RespValue.NULL_ARRAY;
        }
        if (value instanceof String s) {
            return RespValue.bulk(s);
        }
        if (value instanceof byte[] bytes) {
            return RespValue.bulk(bytes);
        }
        if (value instanceof Status status) {
            // +OK and +PONG go out as pre-encoded bytes (the encoder knows these two constants); a new
            // SimpleString per reply would be allocated and encoded char by char. Handlers often build
            // their own Status("OK"), so compare the text, not the instance.
            String text = status.text();
            if (text.equals("OK")) {
                return RespValue.OK;
            }
            return text.equals("PONG") ? RespValue.PONG : RespValue.simple(text);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return RespValue.integer(((Number) value).longValue());
        }
        if (value instanceof Boolean b) {
            return RespValue.integer(b ? 1 : 0);
        }
        if (value instanceof Number || value instanceof Character || value instanceof CharSequence) {
            return RespValue.bulk(value.toString());
        }
        if (value instanceof Collection<?> items) {
            List<RespValue> out = new ArrayList<>(items.size());
            for (Object item : items) {
                out.add(toReply(item));
            }
            return RespValue.array(out);
        }
        if (value instanceof Map<?, ?> map) {
            List<RespValue> out = new ArrayList<>(map.size() * 2);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.add(toReply(e.getKey()));
                out.add(toReply(e.getValue()));
            }
            return RespValue.array(out);
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<RespValue> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                out.add(toReply(Array.get(value, i)));
            }
            return RespValue.array(out);
        }
        if (value instanceof Throwable t) {
            return toError(t);
        }
        throw new IllegalArgumentException("a handler returned a " + value.getClass().getName()
                + ", which has no RESP form");
    }

    /** A handler's exception as an error reply: its own upper-case code, or ERR. */
    public static RespValue.ErrorReply toError(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return RespValue.error(hasOwnCode(message) ? message : "ERR " + message);
    }

    static boolean hasOwnCode(String message) {
        int end = message.indexOf(' ');
        if (end < 2) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = message.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }
}
