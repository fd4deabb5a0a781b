package io.raftboot.command;

import io.raftboot.api.Command;
import io.raftboot.api.RaftMetrics;
import io.raftboot.api.Redirect;
import io.raftboot.node.ClusterAdmin;
import io.raftboot.node.DeferredWakes;
import io.raftboot.node.NotLeaderException;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Runs one client command on a network thread: looks it up, checks authentication, the user's role and arity,
 * validates user commands, then serves built-ins directly and hands user writes and reads to the
 * node. Never blocks and never runs user handlers (only their validators).
 */
public final class CommandDispatcher {
    /** The reply to QUIT: the connection closes once it is written. */
    public static final RespValue.SimpleString QUIT_OK = new RespValue.SimpleString("OK");

    /** How a command orders with others on its connection (read-your-writes). */
    public enum Gate { READ, WRITE, OTHER }

    private final LocalMember node;
    private final CommandTable table;
    private final RaftMetrics metrics;
    private final LeaderProxy proxy;
    private final boolean passwordRequired;

    public CommandDispatcher(LocalMember node, CommandTable table, LeaderProxy proxy) {
        this.node = node;
        this.table = table;
        this.metrics = node.options().metrics();
        this.proxy = proxy;
        this.passwordRequired = node.options().password().isPresent();
    }

    public CommandTable table() {
        return table;
    }

    /** A command refused while MULTI queues makes the block's EXEC answer -EXECABORT, as in Redis. */
    private static void doomOpenBlock(ClientSession session) {
        if (session.inMulti()) {
            session.transaction().refused();
        }
    }

    /** A client connection closed: drops what was kept for it (its link to the leader in proxy mode). */
    public void sessionClosed(ClientSession session) {
        session.close();
        proxy.closed(session);
    }

    /**
     * Called by an event loop before it dispatches a request: the proposals of every connection it
     * reads in this pass reach the raft thread together, once {@code loop} runs its next task.
     */
    public void holdWakesUntilNextTask(Executor loop) {
        node.holdWakesUntilNextTask(loop);
    }

    /**
     * Any thread: runs {@code task} (a reply on its way back) on its connection's event loop. From
     * the apply thread the loop is woken once for all the replies of one task, not once per reply.
     */
    public static void onEventLoop(Executor loop, Runnable task) {
        DeferredWakes.execute(loop, task);
    }

    /** The command's entry, or null when unknown; looked up once per command and passed on. */
    public CommandTable.Entry lookup(RespCommand command) {
        return table.lookup(command.arg(0));
    }

    public static Gate gate(CommandTable.Entry entry) {
        if (entry == null) {
            return Gate.OTHER;
        }
        if (entry.builtin() != null) {
            // EXEC may carry writes; WAIT must see the index of every write sent before it
            return entry.name().equals(TransactionCommands.EXEC) ? Gate.WRITE
                    : entry.name().equals(WaitCommand.NAME) ? Gate.READ : Gate.OTHER;
        }
        return entry.isUserWrite() ? Gate.WRITE : entry.isUserRead() ? Gate.READ : Gate.OTHER;
    }

    /**
     * Where a command's reply goes. Called exactly once, on whatever thread produced the reply: the
     * calling network thread for most built-ins and for refusals, the apply thread for writes and
     * reads, a timer thread for a timeout.
     */
    @FunctionalInterface
    public interface ReplyTarget {
        void reply(RespValue value);
    }

    /**
     * Runs a command and hands its reply to {@code target}. The hot path: a user write or read
     * attaches one callback to the node's future and nothing else (no chain of stages that only hand
     * a value on); replies known at once go to the target directly.
     *
     * @param entry what {@link #lookup} found for {@code command} (null when unknown)
     */
    public void execute(CommandTable.Entry entry, RespCommand command, ClientSession session, ReplyTarget target) {
        if (entry == null) {
            doomOpenBlock(session);
            metrics.command("unknown", "error");
            target.reply(Replies.unknownCommand(command.argString(0)));
            return;
        }
        boolean needsAuth = passwordRequired && !session.authenticated();
        if (needsAuth && (entry.builtin() == null || !entry.builtin().beforeAuth())) {
            counted(entry, target).reply(Replies.NOAUTH);
            return;
        }
        if (!AccessCheck.allows(session, entry) && !TransactionCommands.checkedBlock(entry, session)) {
            doomOpenBlock(session);
            counted(entry, target).reply(AccessCheck.refusal(session, entry));
            return;
        }
        if (!entry.acceptsArgumentCount(command.argCount())) {
            doomOpenBlock(session);
            counted(entry, target).reply(Replies.wrongArity(entry.name()));
            return;
        }
        RespValue queued = TransactionCommands.queueIfInMulti(entry, command, session);
        if (queued != null) {
            counted(entry, target).reply(queued);
            return;
        }
        if (entry.builtin() != null) {
            Object result;
            try {
                result = entry.builtin().handler().run(command, session);
            } catch (RuntimeException e) {
                failed(e, entry, command, session, counted(entry, target));
                return;
            }
            if (result instanceof CompletionStage<?> stage) {
                whenDone(stage, entry, command, session, target);
            } else {
                counted(entry, target).reply((RespValue) result);
            }
            return;
        }
        // a loading leader refuses writes too (Redis refuses every data command while loading): they
        // could only be answered after the replay, as -TIMEOUT; a follower still redirects them
        if (entry.isUserRead() && !entry.user().answeredLocally() || entry.isUserWrite() && node.isLeader()) {
            String loading = node.loading();
            if (loading != null) {
                counted(entry, target).reply(RespValue.error(loading));
                return;
            }
        }
        Command apiCommand = toApi(command);
        try {
            entry.user().validator().validate(apiCommand);
        } catch (RuntimeException e) {
            counted(entry, target).reply(Replies.toError(e));
            return;
        }
        CompletableFuture<RespValue> reply = entry.isUserWrite() ? node.write(apiCommand)
                : node.read(entry.user(), apiCommand, session.minReadIndex());
        whenDone(reply, entry, command, session, target);
    }

    /** The same, as a stage (for {@code RaftNode.execute} and tests). */
    public CompletionStage<RespValue> execute(CommandTable.Entry entry, RespCommand command, ClientSession session) {
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        try {
            execute(entry, command, session, reply::complete);
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        return reply;
    }

    /**
     * One callback on the stage: a value is counted ({@code raft.resp.commands}) and goes straight to
     * the target, a failure through {@link #failed}. Counted here rather than by a {@link Counted}
     * wrapper: this is every data command's path, and the wrapper was an object per request.
     */
    @SuppressWarnings("unchecked")
    private void whenDone(CompletionStage<?> stage, CommandTable.Entry entry, RespCommand command,
                          ClientSession session, ReplyTarget target) {
        ((CompletionStage<RespValue>) stage).whenComplete((value, failure) -> {
            if (failure == null) {
                if (entry.isUserWrite()) {
                    // the commit index once applied covers this write's entry: WAIT's target
                    session.wrote(node.commitIndex());
                }
                metrics.command(entry.name(), Counted.result(value));
                target.reply(value);
            } else {
                failed(failure, entry, command, session, counted(entry, target));
            }
        });
    }

    /** {@code target}, counting the result as it passes (unless nobody counts). */
    private ReplyTarget counted(CommandTable.Entry entry, ReplyTarget target) {
        return metrics == RaftMetrics.NONE ? target : new Counted(metrics, entry.name(), target);
    }

    /** Answers a request that never reached the log per {@code raft.redirect}; other failures as errors. */
    private void failed(Throwable failure, CommandTable.Entry entry, RespCommand command, ClientSession session,
                        ReplyTarget target) {
        Throwable cause = unwrap(failure);
        if (!(cause instanceof NotLeaderException notLeader)) {
            target.reply(errorOf(cause));
            return;
        }
        CompletionStage<RespValue> redirected;
        try {
            redirected = redirect(notLeader, entry, command, session);
        } catch (RuntimeException e) {
            target.reply(Replies.toError(e));
            return;
        }
        redirected.whenComplete((value, redirectFailure) ->
                target.reply(redirectFailure == null ? value : Replies.toError(redirectFailure)));
    }

    /** Counts the command by result ({@code raft.resp.commands}) as its reply passes. */
    private record Counted(RaftMetrics metrics, String name, ReplyTarget target) implements ReplyTarget {
        @Override
        public void reply(RespValue value) {
            metrics.command(name, result(value));
            target.reply(value);
        }

        static String result(RespValue value) {
            return value instanceof RespValue.ErrorReply ? "error" : "ok";
        }
    }

    private CompletionStage<RespValue> redirect(NotLeaderException notLeader, CommandTable.Entry entry,
                                                RespCommand command, ClientSession session) {
        String leader = notLeader.leaderAddress();
        if (leader == null || leader.equals(node.advertisedAddress())) {
            return done(Replies.CLUSTERDOWN);
        }
        Redirect mode = node.options().redirect();
        return switch (mode) {
            case TRY -> done(RespValue.error("TRY " + leader));
            case MOVED -> done(RespValue.error("MOVED 0 " + leader));
            case PROXY -> proxy.forward(leader, command, session, entry.user() != null);
        };
    }

    static RespValue errorOf(Throwable cause) {
        if (cause instanceof ClusterAdmin.ChangeRefused || cause instanceof ClusterAdmin.ChangeTimedOut) {
            return RespValue.error(cause.getMessage());
        }
        return Replies.toError(cause);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Shares the request's argument arrays: neither a {@link Command} nor a request ever modifies them. */
    static Command toApi(RespCommand command) {
        return new Command(command.sharedArgs());
    }

    static CompletionStage<RespValue> done(RespValue value) {
        return CompletableFuture.completedFuture(value);
    }
}
