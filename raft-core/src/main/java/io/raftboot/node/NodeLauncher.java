package io.raftboot.node;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.HashedWheelTimer;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KeyspaceReporter;
import io.raftboot.api.PreparedNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.RaftConfig;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.Durability;
import io.raftboot.storage.LogWriter;
import io.raftboot.tls.TlsContexts;
import io.raftboot.transport.ClusterSecret;
import io.raftboot.transport.PeerCommandHandler;
import io.raftboot.transport.PeerIdentity;
import io.raftboot.transport.PeerTransport;
import io.raftboot.transport.TransportSettings;
import io.raftboot.transaction.TransactionSpecs;
import io.raftboot.transaction.WatchTable;
import io.raftboot.transaction.WatchTrackingStateMachine;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the node runtime behind {@code io.raftboot.RaftNodes}, in two phases (see
 * {@link PreparedMember}). Recovery, without network: resolves the node's identity, has
 * {@link LocalState} open its data dir, starts the apply thread replaying the committed log, then
 * opens the engine (which skips what the replay applies). Launch: has the {@link ClientFront} bind
 * the listener, wires storage and transport, starts the raft thread, hands the running member to the
 * front for its command layer (and starts the join procedure when the member must join).
 */
public final class NodeLauncher {
    private static final Logger log = LoggerFactory.getLogger(NodeLauncher.class);

    private NodeLauncher() {
    }

    /** What the listener's per-connection handlers and the failure path reach once the node is assembled. */
    static final class Wiring {
        volatile RaftNodeImpl node;
        volatile RaftLoop raft;
        volatile PeerIdentity identity;
        volatile SnapshotReceiving snapshots;
        /** A fatal error before the node existed (the replay failed): the start is refused with it. */
        volatile Throwable failedEarly;
    }

    /** Begins a member's start: see {@link PreparedMember}. */
    public static PreparedNode prepare(RaftOptions options, StateMachine stateMachine, ClientFront front) {
        return PreparedMember.begin(options, stateMachine, front);
    }

    /**
     * The advertised address when it is known without binding (a fixed port, or raft.advertise), else
     * null: the node id defaults to it, so recovery waits for the bind.
     */
    static String advertiseBeforeBind(RaftOptions options) {
        if (options.advertise().isPresent()) {
            return options.advertise().get();
        }
        return options.port() == 0 ? null : hostForAddress(options) + ":" + options.port();
    }

    private static String hostForAddress(RaftOptions options) {
        return options.host().indexOf(':') >= 0 ? "[" + options.host() + "]" : options.host();
    }

    /** Phase one: identity, local state, engine, and the apply thread replaying the committed log. */
    static void recover(NodeParts parts, Wiring wiring, RaftOptions options, StateMachine stateMachine,
                        String advertise) {
        WatchTable watches = new WatchTable();
        parts.commands = TransactionSpecs.withTransactions(commandsOf(stateMachine), watches);
        parts.keyspace = stateMachine instanceof KeyspaceReporter reporter ? reporter : null;
        StateMachine tracked = new WatchTrackingStateMachine(stateMachine, watches);
        identify(parts, wiring, options, advertise);
        LocalState.Opened local = LocalState.open(parts, options, tracked);
        parts.joining = local.joining();
        SnapshotMeta base = local.base();

        parts.logView = new StoreLogView(parts.logStore, base);
        HardState hardState = parts.meta.hardState();
        // the engine believes the hint only where the durable log holds the entry it names
        parts.replayTarget = RaftEngine.commitIndexOnOpen(parts.logView, hardState);
        if (hardState.commitHint().index() > parts.replayTarget) {
            log.warn("{}: commit hint {}@{} is not backed by the log on disk; committed entries beyond index {} "
                    + "are learned from the leader", parts.nodeId, hardState.commitHint().index(),
                    hardState.commitHint().term(), parts.replayTarget);
        }

        parts.incarnation = new SecureRandom().nextLong() | 1;
        parts.timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "raft-timer-" + parts.nodeId);
            t.setDaemon(true);
            return t;
        }, 5, TimeUnit.MILLISECONDS);
        parts.snapshotCoordinator = new SnapshotCoordinator(parts.nodeId, parts.snapshots,
                options.snapshotTrailingEntries(), options.metrics());
        parts.concurrentReads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "raft-read-" + parts.nodeId);
            t.setDaemon(true);
            return t;
        });
        parts.apply = new ApplyLoop(tracked, parts.commands, parts.writes, parts.incarnation, options.metrics(),
                parts.concurrentReads, cause -> fail(wiring, cause), parts.snapshotCoordinator,
                new SnapshotPolicy(options.snapshotThreshold(), options.snapshotLogSizeRatio(),
                        options.snapshotMaxLogBytes()), base, local.baseSize());
        parts.apply.submit(new ApplyLoop.Replay(parts.logView, parts.replayTarget));
        parts.loading = new LoadingProgress(parts.nodeId, parts.apply, parts.replayTarget);
        parts.applyThread = new Thread(parts.apply, "raft-apply-" + parts.nodeId);
        parts.applyThread.start();
        parts.loading.report(parts.timer);
        long tickMillis = Math.max(1, Math.min(options.heartbeatInterval().toMillis(),
                options.electionTimeout().toMillis() / 10));
        int heartbeatTicks = (int) Math.max(1, Math.round((double) options.heartbeatInterval().toMillis() / tickMillis));
        int electionTicks = (int) Math.max(heartbeatTicks + 1,
                Math.round((double) options.electionTimeout().toMillis() / tickMillis));
        parts.tickMillis = tickMillis;
        long maxAppend = options.maxAppendBytes();
        RaftConfig config = new RaftConfig(parts.nodeId, electionTicks, heartbeatTicks, maxAppend, 64,
                maxAppend * 8, maxAppend * 64);
        // opening reads the log after the snapshot for its configurations: meanwhile the replay runs
        parts.engine = RaftEngine.open(config, parts.logView, hardState, new SplittableRandom());
        // the apply thread replays up to there from the log itself, before the raft thread exists
        parts.engine.skipCommitted(parts.replayTarget);
    }

    /** Loads the TLS material (before the bind and before recovery, which may dial peers). */
    static void useTls(NodeParts parts, RaftOptions options) {
        TlsContexts tls = options.tls().map(TlsContexts::of).orElse(null);
        parts.tls = tls;
        if (tls != null && options.tls().get().onMainPort()) {
            parts.outboundTls = tls;
        }
    }

    /** Who the member is: its advertised address, its id (checked), the identity it shows peers. */
    private static void identify(NodeParts parts, Wiring wiring, RaftOptions options, String advertise) {
        parts.advertise = advertise;
        if (options.advertise().isEmpty() && (options.host().equals("0.0.0.0") || options.host().equals("::"))) {
            log.warn("raft.host {} is a wildcard address and raft.advertise is not set: peers and clients "
                    + "are told {}, which only works on this machine", options.host(), parts.advertise);
        }
        parts.nodeId = options.nodeId().orElse(LocalMember.defaultId(parts.advertise));
        if (!RaftOptions.NODE_ID.matcher(parts.nodeId).matches()) {
            throw new IllegalStateException("derived node id '" + parts.nodeId + "' is not valid: set raft.node-id");
        }
        if (!options.peers().isEmpty() && options.peers().stream().noneMatch(p -> p.id().equals(parts.nodeId))) {
            throw new IllegalStateException("raft.peers must list this member (id '" + parts.nodeId + "')");
        }
        wiring.identity = PeerIdentity.of(parts.nodeId, parts.clusterId::get,
                ClusterSecret.of(options.clusterSecret().orElse(null)));
        parts.events = new NodeEvents(parts.nodeId);
    }

    /** Binds the listener (clients and peers share it). */
    static void bind(NodeParts parts, Wiring wiring, ClientFront front) {
        parts.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        parts.workers = new MultiThreadIoEventLoopGroup(networkThreads(), NioIoHandler.newFactory());
        parts.listener = front.bind(new ClientFront.Network(parts.boss, parts.workers, parts.tls, parts.outboundTls,
                () -> peerHandler(wiring)));
    }

    /** The address a node bound to port 0 (and not told what to advertise) is reached at. */
    static String advertiseAfterBind(RaftOptions options, NodeParts parts) {
        return options.advertise().orElse(hostForAddress(options) + ":" + parts.listener.port());
    }

    static void logListening(NodeParts parts, RaftOptions options) {
        TlsContexts tls = parts.tls;
        boolean tlsOnMainPort = tls != null && options.tls().get().onMainPort();
        log.info("{} listening on {}{} (advertised {}), data dir {}", parts.nodeId, parts.listener.port(),
                tls == null ? "" : tlsOnMainPort ? " with TLS" : ", TLS on " + parts.listener.tlsPort(),
                parts.advertise, parts.dataDir.path());
    }

    private static Map<String, CommandSpec> commandsOf(StateMachine stateMachine) {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        for (CommandSpec spec : stateMachine.commands()) {
            if (commands.put(spec.lowerName(), spec) != null) {
                throw new IllegalArgumentException("command " + spec.name() + " is defined twice");
            }
        }
        return Map.copyOf(commands);
    }

    /**
     * One event loop per core, not Netty's default of two: the loops never block, so more of them only
     * spread the same connections thinner, and each one then wakes for fewer ready sockets (measured:
     * fewer loops, fewer wakeups, more requests per pass and per proposal). An explicit
     * {@code -Dio.netty.eventLoopThreads} still decides.
     */
    static int networkThreads() {
        int configured = Integer.getInteger("io.netty.eventLoopThreads", 0);
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static PeerCommandHandler peerHandler(Wiring wiring) {
        PeerIdentity identity = wiring.identity;
        if (identity == null) {
            // a connection in the instant between bind and identity: it can only be refused
            identity = PeerIdentity.of("starting", () -> null, ClusterSecret.of(UUID.randomUUID().toString()));
        }
        return new PeerCommandHandler(identity, (from, messages) -> {
            RaftLoop raft = wiring.raft;
            RaftNodeImpl node = wiring.node;
            if (raft != null && node != null) {
                node.heardFrom(from);
                raft.deliver(messages);
            }
        }, (from, message, size) -> {
            SnapshotReceiving receiving = wiring.snapshots;
            if (receiving == null) {
                throw new IllegalStateException("node is starting");
            }
            return receiving.begin(from, message, size);
        });
    }

    /** Phase two, once recovered and bound: storage writer, transport, the raft thread, the command layer. */
    static void launch(NodeParts parts, Wiring wiring, RaftOptions options, ClientFront front) {
        long maxAppend = options.maxAppendBytes();
        parts.lease = new LeaseClock(options.electionTimeout().toNanos());
        Duration backoffMax = options.electionTimeout().compareTo(Duration.ofSeconds(2)) < 0
                ? options.electionTimeout() : Duration.ofSeconds(2);
        TransportSettings defaults = TransportSettings.DEFAULTS;
        TransportSettings settings = new TransportSettings(defaults.connectTimeout(), defaults.backoffMin(),
                backoffMax.compareTo(defaults.backoffMin()) < 0 ? defaults.backoffMin() : backoffMax,
                defaults.maxQueuedBytes(), (int) Math.max(defaults.maxBatchBytes(), maxAppend + 64 * 1024),
                defaults.snapshotChunkBytes(), defaults.snapshotWindow(), defaults.snapshotAckTimeout());
        parts.transport = new PeerTransport(wiring.identity, settings, parts.workers,
                io.raftboot.transport.PeerTransportListener.NONE, parts.outboundTls);
        parts.network = new TransportNetwork(parts.transport, parts.snapshots);
        parts.snapshotReceiving = new SnapshotReceiving(parts.nodeId, parts.snapshots);
        parts.writer = new LogWriter(parts.logStore, parts.meta, Durability.valueOf(options.durability().name()),
                cause -> fail(wiring, cause), options.metrics()::fsyncLatency);
        parts.raft = new RaftLoop(parts.nodeId, parts.engine, parts.logView, parts.writer, parts.network, parts.apply,
                parts.snapshots, parts.writes, parts.lease, parts.events, options.metrics(),
                TimeUnit.MILLISECONDS.toNanos(parts.tickMillis), cause -> fail(wiring, cause));
        parts.snapshotCoordinator.bind(parts.raft);

        RaftNodeImpl node = new RaftNodeImpl(parts);
        synchronized (wiring) {
            if (wiring.failedEarly != null) {
                throw new IllegalStateException("cannot start raft node: " + wiring.failedEarly.getMessage(),
                        wiring.failedEarly);
            }
            wiring.node = node;
        }
        wiring.raft = parts.raft;
        wiring.snapshots = parts.snapshotReceiving;
        parts.raftThread = new Thread(parts.raft, "raft-" + parts.nodeId);
        parts.raftThread.start();
        SnapshotChecks.start(parts.timer, options.snapshotInterval(), parts.apply);
        node.runCommandsWith(front.serve(node));
        if (parts.joining) {
            parts.join = new JoinProcedure(parts);
            parts.joinThread = new Thread(parts.join, "raft-join-" + parts.nodeId);
            parts.joinThread.setDaemon(true);
            parts.joinThread.start();
        }
    }

    private static void fail(Wiring wiring, Throwable cause) {
        RaftNodeImpl node;
        synchronized (wiring) {
            node = wiring.node;
            if (node == null && wiring.failedEarly == null) {
                wiring.failedEarly = cause;
            }
        }
        if (node != null) {
            node.fail(cause);
        } else {
            log.error("fatal error while starting: {}", cause.toString(), cause);
        }
    }
}
