package io.raftboot.command;

import io.raftboot.api.Command;
import io.raftboot.api.RaftMetrics;
import io.raftboot.api.Redirect;
import io.raftboot.node.ClusterAdmin;
import io.raftboot.node.NotLeaderException;
import io.raftboot.node.RaftNodeImpl;
import io.raftboot.node.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Runs one client command on a network thread: looks it up, checks authentication and arity,
 * validates user commands, then serves built-ins directly and hands user writes and reads to the
 * node. Never blocks and never runs user handlers (only their validators).
 */
public final class CommandDispatcher {
    /** The reply to QUIT: the connection closes once it is written. */
    public static final RespValue.SimpleString QUIT_OK = new RespValue.SimpleString("OK");

    /** How a command orders with others on its connection (read-your-writes). */
    public enum Gate { READ, WRITE, OTHER }

    private final RaftNodeImpl node;
    private final CommandTable table;
    private final RaftMetrics metrics;
    private final LeaderProxy proxy;
    private final boolean passwordRequired;

    public CommandDispatcher(RaftNodeImpl node, CommandTable table, LeaderProxy proxy) {
        this.node = node;
        this.table = table;
        this.metrics = node.options().metrics();
        this.proxy = proxy;
        this.passwordRequired = node.options().password().isPresent();
    }

    public CommandTable table() {
        return table;
    }

    /** A client connection closed: drops what was kept for it (its link to the leader in proxy mode). */
    public void sessionClosed(ClientSession session) {
        proxy.closed(session);
    }

    /** The command's entry, or null when unknown; looked up once per command and passed on. */
    public CommandTable.Entry lookup(RespCommand command) {
        return table.lookup(command.arg(0));
    }

    public static Gate gate(CommandTable.Entry entry) {
        if (entry == null) {
            return Gate.OTHER;
        }
        return entry.isUserWrite() ? Gate.WRITE : entry.isUserRead() ? Gate.READ : Gate.OTHER;
    }

    /** @param entry what {@link #lookup} found for {@code command} (null when unknown) */
    public CompletionStage<RespValue> execute(CommandTable.Entry entry, RespCommand command, ClientSession session) {
        if (entry == null) {
            metrics.command("unknown", "error");
            return done(Replies.unknownCommand(command.argString(0)));
        }
        CompletionStage<RespValue> reply = run(entry, command, session);
        if (metrics == RaftMetrics.NONE) {
            return reply; // no extra stage per command when nobody counts
        }
        return reply.whenComplete((value, failure) -> metrics.command(entry.name(),
                value instanceof RespValue.ErrorReply || failure != null ? "error" : "ok"));
    }

    private CompletionStage<RespValue> run(CommandTable.Entry entry, RespCommand command, ClientSession session) {
        boolean needsAuth = passwordRequired && !session.authenticated();
        if (needsAuth && (entry.builtin() == null || !entry.builtin().beforeAuth())) {
            return done(Replies.NOAUTH);
        }
        if (!entry.acceptsArgumentCount(command.argCount())) {
            return done(Replies.wrongArity(entry.name()));
        }
        if (entry.builtin() != null) {
            try {
                return redirectOnFailure(asStage(entry.builtin().handler().run(command, session)), entry, command, session);
            } catch (RuntimeException e) {
                return redirectOnFailure(CompletableFuture.failedFuture(e), entry, command, session);
            }
        }
        // a loading leader refuses writes too (Redis refuses every data command while loading): they
        // could only be answered after the replay, as -TIMEOUT; a follower still redirects them
        if (entry.isUserRead() || node.isLeader()) {
            String loading = node.loading();
            if (loading != null) {
                return done(RespValue.error(loading));
            }
        }
        Command apiCommand = toApi(command);
        try {
            entry.user().validator().validate(apiCommand);
        } catch (RuntimeException e) {
            return done(Replies.toError(e));
        }
        CompletableFuture<RespValue> reply = entry.isUserWrite() ? node.write(apiCommand)
                : node.read(entry.user(), apiCommand, session.minReadIndex());
        return redirectOnFailure(reply, entry, command, session);
    }

    /** Answers a request that never reached the log per {@code raft.redirect}. */
    CompletionStage<RespValue> redirectOnFailure(CompletionStage<RespValue> reply, CommandTable.Entry entry,
                                                 RespCommand command, ClientSession session) {
        // one stage per command: a success passes through without being wrapped again
        return reply.exceptionallyCompose(failure -> {
            Throwable cause = unwrap(failure);
            if (cause instanceof NotLeaderException notLeader) {
                return redirect(notLeader, entry, command, session);
            }
            return done(errorOf(cause));
        });
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

    static Command toApi(RespCommand command) {
        byte[][] args = new byte[command.argCount()][];
        for (int i = 0; i < args.length; i++) {
            args[i] = command.arg(i);
        }
        return new Command(args);
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<RespValue> asStage(Object result) {
        if (result instanceof CompletionStage<?> stage) {
            return (CompletionStage<RespValue>) stage;
        }
        return done((RespValue) result);
    }

    static CompletionStage<RespValue> done(RespValue value) {
        return CompletableFuture.completedFuture(value);
    }
}
