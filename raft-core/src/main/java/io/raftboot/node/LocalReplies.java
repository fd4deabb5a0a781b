package io.raftboot.node;

import io.raftboot.api.CommandException;
import io.raftboot.resp.RespValue;

import java.util.ArrayList;
import java.util.List;

/** Replies as {@link io.raftboot.api.RaftNode#execute} hands them to application code. */
final class LocalReplies {
    private LocalReplies() {
    }

    /** The reply as Java values; an error reply is thrown as a {@link CommandException}. */
    static Object toJava(RespValue reply) {
        if (reply instanceof RespValue.ErrorReply error) {
            throw new CommandException(error.text());
        }
        return value(reply);
    }

    /** Inside an array an error is an element like any other: a {@link CommandException} value. */
    private static Object value(RespValue reply) {
        if (reply instanceof RespValue.ErrorReply error) {
            return new CommandException(error.text());
        }
        if (reply instanceof RespValue.SimpleString status) {
            return status.text();
        }
        if (reply instanceof RespValue.IntegerReply integer) {
            return integer.value();
        }
        if (reply instanceof RespValue.BulkString bulk) {
            return bulk.bytes();
        }
        if (reply instanceof RespValue.ArrayReply array) {
            if (array.values() == null) {
                return null;
            }
            List<Object> out = new ArrayList<>(array.values().size());
            for (RespValue v : array.values()) {
                out.add(value(v));
            }
            return out;
        }
        throw new IllegalArgumentException("unexpected reply " + reply);
    }
}
