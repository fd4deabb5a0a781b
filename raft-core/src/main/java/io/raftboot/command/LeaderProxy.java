package io.raftboot.command;

import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletionStage;

/** Forwards a request that this member cannot serve to the leader ({@code raft.redirect=proxy}). */
public interface LeaderProxy {

    /**
     * Sends {@code command} to the leader once and relays its reply. A write is never re-sent: a
     * broken link answers {@code -TIMEOUT outcome unknown}.
     *
     * @param stateMachineCommand true for the state machine's commands, which travel wrapped so that
     *                            the leader reports how far this connection's later reads must wait;
     *                            false for built-ins (membership, transfer), sent as they are
     */
    CompletionStage<RespValue> forward(String leaderAddress, RespCommand command, ClientSession session,
                                       boolean stateMachineCommand);

    /** Closes the links of a closed client connection. */
    default void closed(ClientSession session) {
    }
}
