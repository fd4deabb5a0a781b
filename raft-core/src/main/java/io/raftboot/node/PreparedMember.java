package io.raftboot.node;

import io.raftboot.api.PreparedNode;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member between {@code RaftNodes.prepare} and its start. When its identity is known before it
 * binds, its recovery ({@link NodeLauncher#recover}) runs at once on a thread of its own, and the
 * apply thread goes on to replay the committed log; {@link #start()} waits for the recovery only (the
 * member answers -LOADING until the replay is done), then binds and launches. Otherwise, as the id
 * defaults to an address with the bound port in it, {@code start()} binds first and recovers then.
 */
final class PreparedMember implements PreparedNode {
    private static final Logger log = LoggerFactory.getLogger(PreparedMember.class);
    /** Opening a data dir is bounded by its size; this only keeps a hung disk from hanging a close. */
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final RaftOptions options;
    private final StateMachine stateMachine;
    private final ClientFront front;
    private final NodeParts parts = new NodeParts();
    private final NodeLauncher.Wiring wiring = new NodeLauncher.Wiring();
    /** Ends with the recovery; null when the recovery waits for the bind. */
    private final CompletableFuture<Void> recovery;
    private boolean started;
    private boolean closed;

    private PreparedMember(RaftOptions options, StateMachine stateMachine, ClientFront front, boolean early) {
        this.options = options;
        this.stateMachine = stateMachine;
        this.front = front;
        this.recovery = early ? new CompletableFuture<>() : null;
        parts.options = options;
    }

    static PreparedMember begin(RaftOptions options, StateMachine stateMachine, ClientFront front) {
        String advertise = NodeLauncher.advertiseBeforeBind(options);
        PreparedMember member = new PreparedMember(options, stateMachine, front, advertise != null);
        if (advertise != null) {
            Thread thread = new Thread(() -> member.recoverEarly(advertise),
                    "raft-recover-" + options.nodeId().orElse(advertise));
            thread.setDaemon(true);
            thread.start();
        }
        return member;
    }

    private void recoverEarly(String advertise) {
        log.info("{} recovers its local state in the background until it is started",
                options.nodeId().orElse(advertise));
        try {
            NodeLauncher.useTls(parts, options);
            NodeLauncher.recover(parts, wiring, options, stateMachine, advertise);
            recovery.complete(null);
        } catch (Throwable e) {
            recovery.completeExceptionally(e);
        }
    }

    @Override
    public synchronized RaftNode start() {
        if (started || closed) {
            throw new IllegalStateException("this member was " + (started ? "started" : "closed") + " before");
        }
        started = true;
        try {
            if (recovery == null) {
                NodeLauncher.useTls(parts, options);
                NodeLauncher.bind(parts, wiring, front);
                NodeLauncher.recover(parts, wiring, options, stateMachine, NodeLauncher.advertiseAfterBind(options, parts));
            } else {
                awaitRecovery();
                NodeLauncher.bind(parts, wiring, front);
            }
            NodeLauncher.launch(parts, wiring, options, front);
            NodeLauncher.logListening(parts, options);
            return wiring.node;
        } catch (IllegalStateException | IllegalArgumentException e) {
            parts.close();
            throw e;
        } catch (RuntimeException e) {
            parts.close();
            throw new IllegalStateException("cannot start raft node: " + e.getMessage(), e);
        } catch (Error e) {
            parts.close();
            throw e;
        }
    }

    /** Rethrows the recovery's failure as the one-step start would have thrown it. */
    private void awaitRecovery() {
        try {
            recovery.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (started || closed) {
            return;
        }
        closed = true;
        if (recovery != null) {
            try {
                recovery.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                log.debug("a member closed before its start had failed to recover: {}", e.getCause().toString());
            } catch (TimeoutException e) {
                log.warn("{} still recovering after {} s; closing what it opened so far", parts.nodeId,
                        CLOSE_WAIT_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        parts.close();
    }
}
