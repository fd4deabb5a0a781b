package io.raftboot.command;

import io.raftboot.api.Command;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.Redirect;
import io.raftboot.node.NotLeaderException;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code WAIT numreplicas timeout}: how many other members hold this connection's last write, by the
 * leader's match index for each, waiting up to {@code timeout} milliseconds (0: until enough do) for
 * {@code numreplicas} of them. The wait polls the status the raft thread publishes, from a timer, so
 * no thread blocks. A follower knows no other member's match index: it redirects like a write, and
 * in proxy mode answers an error (the leader would not know this connection's writes).
 */
public final class WaitCommand {
    public static final String NAME = "wait";
    private static final long FIRST_POLL_MILLIS = 2;
    private static final long MAX_POLL_MILLIS = 50;

    private final LocalMember node;

    public WaitCommand(LocalMember node) {
        this.node = node;
    }

    public List<Builtin> all() {
        return List.of(new Builtin(NAME, 3, List.of("noscript"), false, this::waitFor));
    }

    private Object waitFor(RespCommand command, ClientSession session) {
        Command arguments = CommandDispatcher.toApi(command);
        long wanted = arguments.longArg(1);
        long timeoutMillis = arguments.longArg(2);
        if (timeoutMillis < 0) {
            return RespValue.error("ERR timeout is negative");
        }
        if (!node.isLeader()) {
            if (node.options().redirect() == Redirect.PROXY) {
                return RespValue.error("ERR WAIT is answered by the leader only; this member is a "
                        + node.role().display().toLowerCase(java.util.Locale.ROOT));
            }
            throw new NotLeaderException(node.leaderId(), node.leaderAddress());
        }
        long target = session.lastWriteIndex();
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int now = holding(target);
        if (now >= wanted || timeoutMillis > 0 && timeoutMillis < FIRST_POLL_MILLIS) {
            return RespValue.integer(now);
        }
        CompletableFuture<RespValue> reply = new CompletableFuture<>();
        poll(reply, session, target, wanted, deadline, FIRST_POLL_MILLIS);
        return reply;
    }

    private void poll(CompletableFuture<RespValue> reply, ClientSession session, long target, long wanted,
                      long deadline, long delayMillis) {
        long left = deadline == Long.MAX_VALUE ? delayMillis
                : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        Executor later = CompletableFuture.delayedExecutor(Math.max(0, Math.min(delayMillis, left)), TimeUnit.MILLISECONDS);
        later.execute(() -> {
            int count = holding(target);
            if (count >= wanted || System.nanoTime() - deadline >= 0 || session.closed()) {
                reply.complete(RespValue.integer(count));
            } else {
                poll(reply, session, target, wanted, deadline, Math.min(MAX_POLL_MILLIS, delayMillis * 2));
            }
        });
    }

    /** Members other than this one whose log holds {@code index}, as far as this leader knows. */
    private int holding(long index) {
        NodeStatus status = node.statusAsync().join(); // completed at once: the last published status
        int count = 0;
        for (MemberStatus member : status.members()) {
            if (!member.id().equals(status.id()) && member.matchIndex() >= index && member.matchIndex() >= 0) {
                count++;
            }
        }
        return count;
    }
}
