package io.raftboot.node;

import io.netty.channel.EventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.RaftOptions;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.storage.DataDirectory;
import io.raftboot.storage.LogStore;
import io.raftboot.storage.LogWriter;
import io.raftboot.storage.MetaStore;
import io.raftboot.storage.SnapshotStore;
import io.raftboot.tls.TlsContexts;
import io.raftboot.transport.PeerTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything one running node is made of, and the order in which it is taken apart. */
final class NodeParts {
    private static final Logger log = LoggerFactory.getLogger(NodeParts.class);

    RaftOptions options;
    String nodeId;
    String advertise;
    final AtomicReference<String> clusterId = new AtomicReference<>();
    long incarnation;
    long tickMillis;
    /** Commit index known from before the restart: until applied that far, reads answer -LOADING. */
    long replayTarget;
    LoadingProgress loading;
    /** The member must ask a cluster to add it. */
    boolean joining;
    RaftEngine engine;
    StoreLogView logView;
    /** Writes in the log awaiting their reply, by request id: the raft thread adds, the apply thread completes. */
    final ConcurrentHashMap<Long, PendingWrite> writes = new ConcurrentHashMap<>();
    /** The state machine's key counts for INFO keyspace, when it reports them. */
    io.raftboot.api.KeyspaceReporter keyspace;
    Map<String, CommandSpec> commands;
    EventLoopGroup boss;
    EventLoopGroup workers;
    ClientFront.Listener listener;
    /** TLS material, null without TLS. */
    TlsContexts tls;
    /** How this member dials others: TLS when raft.port speaks TLS, else plain (also during a TLS-port migration). */
    io.raftboot.tls.OutboundTls outboundTls = io.raftboot.tls.OutboundTls.PLAIN;
    DataDirectory dataDir;
    MetaStore meta;
    LogStore logStore;
    SnapshotStore snapshots;
    LogWriter writer;
    PeerTransport transport;
    PeerNetwork network;
    SnapshotCoordinator snapshotCoordinator;
    SnapshotReceiving snapshotReceiving;
    ApplyLoop apply;
    RaftLoop raft;
    LeaseClock lease;
    NodeEvents events;
    HashedWheelTimer timer;
    ExecutorService concurrentReads;
    Thread raftThread;
    Thread applyThread;
    Thread joinThread;
    JoinProcedure join;
    private boolean closed;

    /** Stops threads first (no more work), then network, then files; each step survives the others failing. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Throwable> failures = new ArrayList<>();
        step(failures, () -> {
            if (join != null) {
                join.stop();
            }
            if (joinThread != null) {
                joinThread.interrupt();
            }
        });
        step(failures, () -> {
            if (listener != null) {
                listener.close();
            }
        });
        step(failures, () -> {
            if (raft != null) {
                raft.stop();
                join(raftThread);
            }
        });
        step(failures, () -> {
            if (apply != null) {
                apply.stop();
                join(applyThread);
            }
        });
        step(failures, () -> {
            if (network != null) {
                network.close();
            }
        });
        step(failures, () -> {
            if (writer != null) {
                writer.close();
            }
        });
        step(failures, () -> {
            if (snapshotCoordinator != null) {
                snapshotCoordinator.close();
            }
        });
        step(failures, () -> {
            if (snapshotReceiving != null) {
                snapshotReceiving.close();
            }
        });
        step(failures, () -> {
            if (concurrentReads != null) {
                concurrentReads.shutdownNow();
            }
        });
        step(failures, () -> {
            if (logStore != null) {
                logStore.close();
            }
        });
        step(failures, () -> {
            if (meta != null) {
                meta.close();
            }
        });
        step(failures, () -> {
            if (dataDir != null) {
                dataDir.close();
            }
        });
        step(failures, () -> {
            if (timer != null) {
                timer.stop();
            }
        });
        step(failures, () -> {
            if (events != null) {
                events.close();
            }
        });
        step(failures, () -> {
            if (workers != null) {
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            if (boss != null) {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        });
        for (Throwable t : failures) {
            log.warn("while stopping {}: {}", nodeId, t.toString(), t);
        }
        log.info("{} stopped", nodeId);
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void step(List<Throwable> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }
}
