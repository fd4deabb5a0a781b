package io.raftboot.command;

import io.raftboot.resp.RespCommand;
import java.util.List;

/**
 * A command the server itself serves (connection and cluster commands).
 *
 * @param arity      Redis-style, counting the name
 * @param flags      as {@code COMMAND} reports them
 * @param beforeAuth whether it works before {@code AUTH} when a password is set
 * @param handler    returns a RespValue or a CompletionStage of one
 */
public record Builtin(String name, int arity, List<String> flags, boolean beforeAuth, Handler handler) {

    /** Runs on the connection's event loop: must not block. */
    @FunctionalInterface
    public interface Handler {
        Object run(RespCommand command, ClientSession session);
    }

    public Builtin {
        flags = List.copyOf(flags);
    }
}
