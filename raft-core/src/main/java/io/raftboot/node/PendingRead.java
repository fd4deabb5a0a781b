package io.raftboot.node;

import io.raftboot.api.Command;
import io.raftboot.api.CommandSpec;
import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletableFuture;

/** A client read waiting for its consistency check and then for the applied index to reach its own. */
final class PendingRead {
    final CommandSpec spec;
    final Command command;
    final CompletableFuture<RespValue> reply;
    /** The read may run once the applied index reaches this. */
    volatile long minIndex;

    PendingRead(CommandSpec spec, Command command, CompletableFuture<RespValue> reply, long minIndex) {
        this.spec = spec;
        this.command = command;
        this.reply = reply;
        this.minIndex = minIndex;
    }
}
