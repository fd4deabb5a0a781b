package io.raftboot.test;

import io.raftboot.api.CommandException;
import io.raftboot.test.history.HistoryRecorder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client process of a linearizability test: sends one command at a time to the member it
 * believes leads, in process ({@link io.raftboot.api.RaftNode#execute}), never re-sends, and records
 * each command with what it learned. Redirects, {@code CLUSTERDOWN}, {@code LOADING} and
 * {@code ERR} never reached the log: definite failures. {@code TIMEOUT}, or no reply because the
 * member died, may still take effect: unknown. After either it looks for the leader afresh.
 *
 * <p>Not thread-safe: one client per thread, as one connection per client.
 */
public final class RecordingClient {
    private final RaftCluster cluster;
    private final int process;
    private final HistoryRecorder history;
    private ClusterMember target;

    RecordingClient(RaftCluster cluster, int process, HistoryRecorder history) {
        this.cluster = cluster;
        this.process = process;
        this.history = history;
    }

    /**
     * Sends {@code command key [args...]} and records it; the first argument after the key is the
     * operation's input (see {@link HistoryRecorder#invoke}). Returns the reply as text (null for a
     * null reply or when the command failed or its outcome is unknown).
     */
    public String call(String command, String key, String... args) {
        ClusterMember member = target();
        String[] full = new String[args.length + 2];
        full[0] = command;
        full[1] = key;
        System.arraycopy(args, 0, full, 2, args.length);
        HistoryRecorder.Pending op = history.invoke(process, key, command, args.length > 0 ? args[0] : null);
        if (member == null) {
            op.fail();
            return null;
        }
        try {
            String reply = text(member.execute(full));
            op.ok(reply);
            return reply;
        } catch (CommandException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("TIMEOUT")) {
                op.unknown();
            } else {
                op.fail();
            }
            if (!message.startsWith("ERR") && !message.startsWith("WRONGTYPE")) {
                target = null;
            }
            return null;
        } catch (RuntimeException e) {
            // the member stopped under it, or no reply came in time: it may have been logged
            op.unknown();
            target = null;
            return null;
        }
    }

    private ClusterMember target() {
        if (target == null || !target.running()) {
            List<ClusterMember> running = cluster.members().stream().filter(ClusterMember::running).toList();
            target = running.stream().filter(m -> m.status().isLeader()).findFirst()
                    .orElse(running.isEmpty() ? null : running.get(ThreadLocalRandom.current().nextInt(running.size())));
        }
        return target;
    }

    /** A reply as the history stores it: numbers and strings as text. */
    static String text(Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return reply.toString();
    }
}
