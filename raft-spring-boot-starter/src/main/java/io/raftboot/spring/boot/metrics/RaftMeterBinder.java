package io.raftboot.spring.boot.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftMetrics;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.autoconfigure.ManagedRaftNode;

/**
 * The node's Micrometer meters, exactly those the contract names, each tagged {@code node.id}:
 * {@code raft.term}, {@code raft.commit.index}, {@code raft.applied.index}, {@code raft.leader.changes},
 * {@code raft.elections}, {@code raft.proposals} (tag {@code result}), {@code raft.commit.latency},
 * {@code raft.apply.latency}, {@code raft.fsync.latency}, {@code raft.append.latency}, {@code raft.replication.lag} (tag
 * {@code peer}, removed with the peer), {@code raft.snapshots}, {@code raft.resp.connections},
 * {@code raft.resp.commands} (tags {@code command} and {@code result}), and {@code raft.write.stage} (tag
 * {@code stage}, see {@link WriteStageTimers}).
 * <p>
 * The node reports events through the {@link RaftMetrics} callbacks on its hot threads; they only
 * touch pre-registered meters. Meters are registered once the node has started, because only then
 * is its id known (with {@code raft.port=0} it derives from the port).
 */
public class RaftMeterBinder implements MeterBinder, RaftMetrics, SmartLifecycle {

    /** How often the per-peer replication lag gauges follow membership and leadership changes. */
    static final long PEER_REFRESH_MILLIS = 1000;

    private final ObjectProvider<RaftNode> nodeProvider;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final List<NodeMeters> meters = new CopyOnWriteArrayList<>();
    /**
     * {@link #meters} as an array, for the callbacks on the node's hot threads: looping over it
     * creates no iterator (the list's iterator was one allocation per write and callback). Replaced
     * whenever the list changes, under this object's lock.
     */
    private volatile NodeMeters[] hot = new NodeMeters[0];
    private final LongAdder leaderChanges = new LongAdder();
    private final LongAdder elections = new LongAdder();
    private final LongAdder snapshots = new LongAdder();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile RaftNode node;
    private ScheduledExecutorService peerRefresher;

    public RaftMeterBinder(ObjectProvider<RaftNode> nodeProvider) {
        this.nodeProvider = nodeProvider;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (node != null) {
            meters.add(new NodeMeters(registry, node));
            hot = meters.toArray(new NodeMeters[0]);
        }
    }

    @Override
    public synchronized void start() {
        RaftNode started = nodeProvider.getObject();
        node = started;
        for (MeterRegistry registry : registries) {
            meters.add(new NodeMeters(registry, started));
        }
        hot = meters.toArray(new NodeMeters[0]);
        peerRefresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "raft-metrics");
            thread.setDaemon(true);
            return thread;
        });
        peerRefresher.scheduleWithFixedDelay(this::refreshPeers, 0, PEER_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (peerRefresher != null) {
            peerRefresher.shutdownNow();
            peerRefresher = null;
        }
        for (NodeMeters nodeMeters : meters) {
            nodeMeters.remove();
        }
        meters.clear();
        hot = new NodeMeters[0];
        node = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return node != null;
    }

    /** Starts just after the node and stops just before it. */
    @Override
    public int getPhase() {
        return ManagedRaftNode.PHASE + 1;
    }

    /** Follows membership now rather than at the next tick (tests and shutdown paths). */
    void refreshPeers() {
        for (NodeMeters nodeMeters : meters) {
            nodeMeters.refreshPeers();
        }
    }

    @Override
    public void leaderChanged() {
        leaderChanges.increment();
    }

    @Override
    public void electionStarted() {
        elections.increment();
    }

    @Override
    public void snapshotTaken() {
        snapshots.increment();
    }

    @Override
    public void connections(int open) {
        connections.set(open);
    }

    @Override
    public void proposal(String result) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.proposalCounter(result).increment();
        }
    }

    @Override
    public void proposals(String result, int count) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.proposalCounter(result).increment(count);
        }
    }

    @Override
    public void command(String command, String result) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.commandCounter(command, result).increment();
        }
    }

    @Override
    public void commitLatency(long nanos) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.commitLatency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void applyLatency(long nanos) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.applyLatency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void fsyncLatency(long nanos) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.fsyncLatency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void appendLatency(long nanos) {
        for (NodeMeters nodeMeters : meters) {
            nodeMeters.appendLatency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void writeStages(long queueNanos, long fsyncNanos, long replicationNanos, long applyNanos,
                            long replyNanos) {
        for (NodeMeters nodeMeters : hot) {
            nodeMeters.writeStages.record(queueNanos, fsyncNanos, replicationNanos, applyNanos, replyNanos);
        }
    }

    /** The meters of one node in one registry. */
    private final class NodeMeters {
        private final MeterRegistry registry;
        private final RaftNode node;
        private final Tags tags;
        /** What the status gauges read: one status build per scrape. */
        private final ScrapeStatus perScrape;
        private final List<Meter> fixed = new ArrayList<>();
        private final ConcurrentMap<String, Counter> proposals = new ConcurrentHashMap<>();
        /** command, then result: two lookups without allocating a key on the hot path. */
        private final ConcurrentMap<String, ConcurrentMap<String, Counter>> commands = new ConcurrentHashMap<>();
        private final Timer commitLatency;
        private final Timer applyLatency;
        private final Timer fsyncLatency;
        private final Timer appendLatency;
        private final WriteStageTimers writeStages;
        private final MultiGauge replicationLag;
        private Map<String, AtomicLong> lagByPeer = new HashMap<>();

        NodeMeters(MeterRegistry registry, RaftNode node) {
            this.registry = registry;
            this.node = node;
            this.tags = Tags.of("node.id", node.id());
            this.perScrape = new ScrapeStatus(node::status, System::nanoTime);
            gauge(0, "raft.term", "Current Raft term", NodeStatus::term);
            gauge(1, "raft.commit.index", "Highest log index known to be committed", NodeStatus::commitIndex);
            gauge(2, "raft.applied.index", "Highest log index applied to the state machine", NodeStatus::appliedIndex);
            functionCounter("raft.leader.changes", "Times this node saw the leader change", leaderChanges);
            functionCounter("raft.elections", "Elections this node started", elections);
            functionCounter("raft.snapshots", "Snapshots written", snapshots);
            fixed.add(Gauge.builder("raft.resp.connections", connections, AtomicInteger::get)
                    .description("Open client and peer connections").tags(tags).register(registry));
            commitLatency = timer("raft.commit.latency", "From proposal to commit, on the leader");
            applyLatency = timer("raft.apply.latency", "Time a committed entry spends in the state machine");
            fsyncLatency = timer("raft.fsync.latency", "One fsync of the log (none at durability low)");
            appendLatency = timer("raft.append.latency",
                    "One batch of entries from hand-over to the log writer until durable, on every member");
            writeStages = new WriteStageTimers(registry, tags);
            fixed.addAll(writeStages.all());
            replicationLag = MultiGauge.builder("raft.replication.lag")
                    .description("Entries a peer lags behind the leader's log").baseUnit("entries")
                    .tags(tags).register(registry);
        }

        /** @param reader this gauge's own number, so that one scrape builds the status once for all of them */
        private void gauge(int reader, String name, String description, ToDoubleFunction<NodeStatus> value) {
            fixed.add(Gauge.builder(name, perScrape, shared -> read(shared, reader, value)).description(description)
                    .tags(tags).register(registry));
        }

        private void functionCounter(String name, String description, LongAdder adder) {
            fixed.add(FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description)
                    .tags(tags).register(registry));
        }

        private Timer timer(String name, String description) {
            Timer timer = Timer.builder(name).description(description).tags(tags).register(registry);
            fixed.add(timer);
            return timer;
        }

        Counter proposalCounter(String result) {
            Counter counter = proposals.get(result);
            if (counter == null) {
                counter = proposals.computeIfAbsent(result, outcome -> Counter.builder("raft.proposals")
                        .description("Write proposals by outcome").tags(tags).tag("result", outcome).register(registry));
            }
            return counter;
        }

        Counter commandCounter(String command, String result) {
            ConcurrentMap<String, Counter> byResult = commands.get(command);
            if (byResult == null) {
                byResult = commands.computeIfAbsent(command, name -> new ConcurrentHashMap<>());
            }
            Counter counter = byResult.get(result);
            if (counter == null) {
                counter = byResult.computeIfAbsent(result, outcome -> Counter.builder("raft.resp.commands")
                        .description("Commands completed, by name and result").tags(tags).tag("command", command)
                        .tag("result", outcome).register(registry));
            }
            return counter;
        }

        /** Peers come and go with membership and leadership; a gauge per peer reads a value kept here. */
        synchronized void refreshPeers() {
            Map<String, AtomicLong> current = new HashMap<>();
            try {
                NodeStatus status = node.status();
                if (status.isLeader()) {
                    for (MemberStatus member : status.members()) {
                        if (!member.id().equals(status.id()) && member.matchIndex() >= 0) {
                            AtomicLong lag = lagByPeer.getOrDefault(member.id(), new AtomicLong());
                            lag.set(Math.max(0, status.lastLogIndex() - member.matchIndex()));
                            current.put(member.id(), lag);
                        }
                    }
                }
            } catch (RuntimeException e) {
                // the node is stopping: its peers leave with it
            }
            lagByPeer = current;
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            current.forEach((peer, lag) -> rows.add(MultiGauge.Row.of(Tags.of("peer", peer), lag, AtomicLong::get)));
            // without overwrite: existing rows stay registered (and keep reading their AtomicLong), absent ones go
            replicationLag.register(rows, false);
        }

        synchronized void remove() {
            replicationLag.register(List.of(), false);
            fixed.forEach(registry::remove);
            proposals.values().forEach(registry::remove);
            commands.values().forEach(byResult -> byResult.values().forEach(registry::remove));
        }

        private double read(ScrapeStatus shared, int reader, ToDoubleFunction<NodeStatus> value) {
            try {
                return value.applyAsDouble(shared.read(reader));
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
    }
}
