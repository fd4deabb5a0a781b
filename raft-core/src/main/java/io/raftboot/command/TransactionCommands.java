package io.raftboot.command;

import io.raftboot.api.Command;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import io.raftboot.transaction.TransactionPayload;
import io.raftboot.transaction.TransactionSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code MULTI}, {@code EXEC}, {@code DISCARD}, {@code WATCH}, {@code UNWATCH} with Redis 7's replies.
 * Commands between MULTI and EXEC are checked and queued on the connection; EXEC turns the block into
 * one internal command ({@link TransactionSpecs}) and runs it like any client command, so a block
 * with writes becomes one log entry (and is redirected or proxied as a single write would be) and a
 * block of reads is served as one read behind the consistency check.
 */
public final class TransactionCommands {
    static final String MULTI = "multi";
    static final String EXEC = "exec";
    static final String DISCARD = "discard";
    static final String WATCH = "watch";
    static final String UNWATCH = "unwatch";
    private static final RespValue EXECABORT =
            RespValue.error("EXECABORT Transaction discarded because of previous errors.");

    private final LocalMember node;
    private final Supplier<CommandDispatcher> dispatcher;

    public TransactionCommands(LocalMember node, Supplier<CommandDispatcher> dispatcher) {
        this.node = node;
        this.dispatcher = dispatcher;
    }

    public List<Builtin> all() {
        List<String> flags = List.of("noscript", "loading", "stale", "fast", "allow_busy");
        return List.of(
                new Builtin(MULTI, 1, flags, false, this::multi),
                new Builtin(EXEC, 1, List.of("noscript", "loading", "stale", "skip_slowlog"), false, this::exec),
                new Builtin(DISCARD, 1, flags, false, this::discard),
                new Builtin(WATCH, -2, flags, false, this::watch),
                new Builtin(UNWATCH, 1, flags, false, this::unwatch));
    }

    /**
     * Inside MULTI: queues the command and answers {@code +QUEUED}, or refuses it and dooms the block.
     * Null when the command is not queued (outside MULTI, or one of the transaction commands that run
     * at once).
     */
    static RespValue queueIfInMulti(CommandTable.Entry entry, RespCommand command, ClientSession session) {
        if (!session.inMulti()) {
            return null;
        }
        TransactionState state = session.transaction();
        if (entry.user() != null) {
            return state.queue(CommandDispatcher.toApi(command));
        }
        return switch (entry.name()) {
            case MULTI, EXEC, DISCARD, WATCH -> null;
            case UNWATCH -> state.queueUnwatch();
            default -> {
                // built-ins answer from this member at once, not from the replicated state: they would
                // not belong in the block's log entry
                state.refused();
                yield TransactionState.NOT_ALLOWED;
            }
        };
    }

    private Object multi(RespCommand command, ClientSession session) {
        if (!session.transaction().begin()) {
            return RespValue.error("ERR MULTI calls can not be nested");
        }
        return RespValue.OK;
    }

    private Object discard(RespCommand command, ClientSession session) {
        if (!session.inMulti()) {
            return RespValue.error("ERR DISCARD without MULTI");
        }
        session.transaction().end();
        return RespValue.OK;
    }

    private Object watch(RespCommand command, ClientSession session) {
        if (session.inMulti()) {
            return RespValue.error("ERR WATCH inside MULTI is not allowed");
        }
        List<byte[]> keys = new ArrayList<>(command.argCount() - 1);
        for (int i = 1; i < command.argCount(); i++) {
            keys.add(command.arg(i));
        }
        // the index every later read on this connection sees at least: modifications up to it are
        // visible to those reads, later ones abort the EXEC. It covers this connection's own last write
        // (whose reply may arrive a moment before the applied index moves past it), and reads are held
        // until it is applied, so it is never ahead of what they see
        long observed = Math.max(node.appliedIndex(), Math.max(session.minReadIndex(), session.lastWriteIndex()));
        session.readAtLeast(observed);
        session.transaction().watch(keys, observed);
        return RespValue.OK;
    }

    private Object unwatch(RespCommand command, ClientSession session) {
        session.transaction().unwatch();
        return RespValue.OK;
    }

    private Object exec(RespCommand command, ClientSession session) {
        if (!session.inMulti()) {
            return RespValue.error("ERR EXEC without MULTI");
        }
        TransactionState.Block block = session.transaction().end();
        if (block.failed()) {
            return EXECABORT;
        }
        if (block.commands().isEmpty() && block.watchedKeys().isEmpty()) {
            return withUnwatchReplies(RespValue.array(List.of()), block);
        }
        CommandDispatcher d = dispatcher.get();
        boolean writes = false;
        for (Command queued : block.commands()) {
            CommandTable.Entry entry = d.table().lookup(queued.arg(0));
            writes |= entry != null && entry.isUserWrite();
        }
        String name = writes ? TransactionSpecs.EXEC : TransactionSpecs.EXEC_READS;
        byte[][] args = new TransactionPayload(block.watchIndex(), block.watchedKeys(), block.commands()).encode(name);
        RespCommand internal = new RespCommand(args, false);
        TransactionState state = session.transaction();
        state.executing(true);
        try {
            return d.execute(d.lookup(internal), internal, session)
                    .thenApply(reply -> withUnwatchReplies(reply, block));
        } finally {
            state.executing(false);
        }
    }

    /**
     * Whether {@code entry} is the block EXEC is handing on right now: its commands were checked
     * against the user's role one by one when queued, so the block needs no role of its own.
     */
    static boolean checkedBlock(CommandTable.Entry entry, ClientSession session) {
        return entry.user() != null && TransactionSpecs.isTransaction(entry.name()) && session.transaction().executing();
    }

    /** Puts UNWATCH's {@code +OK} where it was queued, as Redis runs it inside the block. */
    private static RespValue withUnwatchReplies(RespValue reply, TransactionState.Block block) {
        if (block.unwatchAt().isEmpty() || !(reply instanceof RespValue.ArrayReply array) || array.values() == null) {
            return reply;
        }
        List<RespValue> values = new ArrayList<>(array.values());
        for (int position : block.unwatchAt()) {
            values.add(Math.min(position, values.size()), RespValue.OK);
        }
        return RespValue.array(values);
    }
}
