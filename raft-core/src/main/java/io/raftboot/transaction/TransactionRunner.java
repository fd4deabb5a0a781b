package io.raftboot.transaction;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a queued {@code MULTI} block on the apply thread, its commands back to back inside one
 * handler call. Reads on the apply thread run between handler calls, never inside one, so no read
 * there sees the block half applied (reads that opted in to concurrent execution are the state
 * machine's own business, as they already are for a single multi-key write). As in Redis, a command
 * that fails while running is that command's reply and the others still run.
 */
final class TransactionRunner {
    private final Function<String, CommandSpec> commands;
    private final WatchTable table;

    TransactionRunner(Function<String, CommandSpec> commands, WatchTable table) {
        this.commands = commands;
        this.table = table;
    }

    /** The logged form, on every member; a watched key modified since the watch gives a null array. */
    Object applyWrites(Command command, CommandContext context, Applier applier) {
        TransactionPayload transaction = TransactionPayload.decode(command);
        if (table.transactionAborts(transaction.watchedKeys(), transaction.watchIndex(), context.index())) {
            return applier.write(() -> RespValue.NULL_ARRAY, reply -> reply);
        }
        return applier.write(() -> runAll(transaction, context, applier), reply -> reply);
    }

    /** The read-only form, on the member that received it, at its applied index. */
    Object read(Command command, CommandContext context, Applier applier) {
        TransactionPayload transaction = TransactionPayload.decode(command);
        return applier.read(() -> {
            if (table.readAborts(transaction.watchedKeys(), transaction.watchIndex())) {
                return RespValue.NULL_ARRAY;
            }
            for (Command queued : transaction.commands()) {
                CommandSpec spec = commands.apply(queued.name());
                if (spec != null && spec.kind() == CommandKind.WRITE) {
                    throw new IllegalArgumentException("a read-only transaction holds the write " + spec.name());
                }
            }
            return runAll(transaction, context, applier);
        }, reply -> reply);
    }

    /** Every reply in order; on members other than the client's, reads are skipped and replies dropped. */
    private RespValue runAll(TransactionPayload transaction, CommandContext context, Applier applier) {
        List<RespValue> replies = new ArrayList<>(transaction.commands().size());
        int position = 0;
        for (Command queued : transaction.commands()) {
            RespValue reply = runOne(queued, inner(context, position++), applier);
            replies.add(reply);
        }
        return RespValue.array(replies);
    }

    private RespValue runOne(Command command, CommandContext context, Applier applier) {
        CommandSpec spec = commands.apply(command.name());
        if (spec == null || TransactionSpecs.isTransaction(spec.lowerName())) {
            return Replies.unknownCommand(command.name());
        }
        if (!spec.acceptsArgumentCount(command.size())) {
            return Replies.wrongArity(spec.lowerName());
        }
        if (spec.kind() == CommandKind.READ && !context.local()) {
            return RespValue.NULL_BULK; // changes nothing, and only the client's member replies
        }
        try {
            // argument errors show inside EXEC, as in Redis, where only unknown commands and arity
            // abort the whole block when queued
            spec.validator().validate(command);
            return Replies.toReply(spec.handler().handle(command, context, applier));
        } catch (RuntimeException e) {
            return Replies.toError(e);
        }
    }

    /**
     * The entry's context for the n-th command: same index, term and time, and its own seed so that
     * two random picks in one block differ (derived, so the same on every member).
     */
    private static CommandContext inner(CommandContext context, int position) {
        long seed = position == 0 ? context.randomSeed() : CommandContext.seedFor(context.randomSeed(), position);
        return new CommandContext(context.index(), context.term(), context.timestampMillis(), seed, context.local());
    }
}
