package io.raftboot.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import io.raftboot.RaftNodes;
import io.raftboot.api.Command;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.PreparedNode;
import io.raftboot.api.RaftListener;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotInfo;
import io.raftboot.api.StateMachine;
import io.raftboot.spring.boot.event.RaftLeaderChangedEvent;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;

/**
 * The Raft node as a Spring bean. Its local state is recovered as soon as the bean exists (on a
 * background thread: the data dir opened, the committed log replayed into the state machine) while
 * Spring creates the rest of the context; the node binds its port and joins the cluster when the
 * context starts its lifecycle beans (after every singleton exists and after the web server started),
 * answering {@code -LOADING} until the replay is done; it is closed before the web server shuts down.
 * A failed recovery fails the start, as a failed open would.
 * Inject it as {@link RaftNode}; its methods fail with {@link IllegalStateException} while the node
 * is not running.
 * <p>
 * On start it publishes the bound port as {@code local.raft.port} and forwards the node's role and
 * leader changes as {@link RaftRoleChangedEvent} and {@link RaftLeaderChangedEvent}. A fatal error of
 * the node turns the application's liveness state {@link LivenessState#BROKEN}.
 */
public class ManagedRaftNode implements RaftNode, SmartLifecycle, InitializingBean, DisposableBean {

    /**
     * Above the web server's graceful shutdown phase ({@code DEFAULT_PHASE - 1024}), so the node stops
     * (a leader handing over first) before the web server drains; below the default phase, so that
     * application lifecycle beans which use the node stop before it.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    /** Name of the property source that carries {@code local.raft.port}. */
    public static final String PROPERTY_SOURCE_NAME = "raft.local";

    public static final String LOCAL_PORT_PROPERTY = "local.raft.port";

    /** The separate TLS listener's port ({@code raft.tls.port}), published when there is one. */
    public static final String LOCAL_TLS_PORT_PROPERTY = "local.raft.tls.port";

    private static final Logger log = LoggerFactory.getLogger(ManagedRaftNode.class);

    private final RaftOptions options;
    private final StateMachine stateMachine;
    private final ApplicationEventPublisher events;
    private final ConfigurableEnvironment environment;
    private final BiFunction<RaftOptions, StateMachine, PreparedNode> preparer;
    private final CopyOnWriteArrayList<RaftListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RaftNode node;
    /** Recovering since the bean was initialised, until started or closed. */
    private PreparedNode prepared;
    /** The port the first start bound; a restart reuses it, so the member keeps its address and id. */
    private int boundPort;

    public ManagedRaftNode(RaftOptions options, StateMachine stateMachine, ApplicationEventPublisher events,
                           ConfigurableEnvironment environment) {
        this(options, stateMachine, events, environment, RaftNodes::prepare);
    }

    /** With a {@code preparer} standing in for {@code RaftNodes::prepare} (tests). */
    ManagedRaftNode(RaftOptions options, StateMachine stateMachine, ApplicationEventPublisher events,
                    ConfigurableEnvironment environment, BiFunction<RaftOptions, StateMachine, PreparedNode> preparer) {
        this.options = options;
        this.stateMachine = stateMachine;
        this.events = events;
        this.environment = environment;
        this.preparer = preparer;
    }

    /**
     * Begins recovering the node's local state, so that it overlaps the rest of the context refresh.
     * A data dir refused here is refused again, and reported, by {@link #start()}, where a failed
     * start always was.
     */
    @Override
    public synchronized void afterPropertiesSet() {
        if (node == null && prepared == null) {
            try {
                prepared = prepare(options);
            } catch (RaftDataDirectoryException e) {
                log.debug("recovery deferred to the start: {}", e.getMessage());
            }
        }
    }

    /** The options this node is (or will be) started with. */
    public RaftOptions getOptions() {
        return options;
    }

    @Override
    public synchronized void start() {
        if (node != null) {
            return;
        }
        PreparedNode starting = prepared != null ? prepared : prepare(startOptions());
        prepared = null;
        RaftNode opened = start(starting);
        opened.addListener(new EventPublishingListener());
        listeners.forEach(opened::addListener);
        node = opened;
        boundPort = opened.port();
        publishPort(opened.port(), opened.tlsPort());
        log.info("Raft node '{}' listening on {} (cluster {})", opened.id(), opened.advertisedAddress(),
                opened.status().clusterId());
    }

    /**
     * With {@code raft.port=0} the node id defaults to host-port: restarting on another free port
     * would make it a stranger to its own cluster.
     */
    private RaftOptions startOptions() {
        return options.port() == 0 && boundPort != 0 ? options.toBuilder().port(boundPort).build() : options;
    }

    private PreparedNode prepare(RaftOptions prepareOptions) {
        prepareOptions.dataDir().ifPresent(NodeStartFailures::checkDataDirectory);
        return preparer.apply(prepareOptions, stateMachine);
    }

    private RaftNode start(PreparedNode starting) {
        try {
            return starting.start();
        } catch (Exception e) {
            // Netty rethrows a failed bind as the checked BindException without declaring it
            throw NodeStartFailures.translate(e, startOptions());
        }
    }

    private void publishPort(int port, int tlsPort) {
        if (environment == null) {
            return;
        }
        MutablePropertySources sources = environment.getPropertySources();
        Map<String, Object> ports = tlsPort < 0 ? Map.of(LOCAL_PORT_PROPERTY, port)
                : Map.of(LOCAL_PORT_PROPERTY, port, LOCAL_TLS_PORT_PROPERTY, tlsPort);
        PropertySource<?> source = new MapPropertySource(PROPERTY_SOURCE_NAME, ports);
        if (sources.contains(PROPERTY_SOURCE_NAME)) {
            sources.replace(PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addFirst(source);
        }
    }

    @Override
    public synchronized void stop() {
        PreparedNode recovering = prepared;
        if (recovering != null) {
            prepared = null;
            recovering.close();
        }
        RaftNode running = node;
        if (running == null) {
            return;
        }
        node = null;
        log.info("Stopping Raft node '{}'", running.id());
        running.close();
    }

    @Override
    public boolean isRunning() {
        return node != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        stop();
    }

    private RaftNode running() {
        RaftNode running = node;
        if (running == null) {
            throw new IllegalStateException("The Raft node is not running");
        }
        return running;
    }

    @Override
    public String id() {
        return running().id();
    }

    @Override
    public int port() {
        return running().port();
    }

    @Override
    public int tlsPort() {
        return running().tlsPort();
    }

    @Override
    public String advertisedAddress() {
        return running().advertisedAddress();
    }

    @Override
    public NodeStatus status() {
        return running().status();
    }

    @Override
    public CompletableFuture<Object> execute(Command command) {
        return running().execute(command);
    }

    @Override
    public LoadingStatus loadingStatus() {
        return running().loadingStatus();
    }

    @Override
    public List<SnapshotInfo> snapshots() {
        return running().snapshots();
    }

    @Override
    public InputStream openSnapshot(String id) throws IOException {
        return running().openSnapshot(id);
    }

    @Override
    public CompletableFuture<Void> snapshot() {
        return running().snapshot();
    }

    @Override
    public CompletableFuture<Void> transferLeadership(String targetId) {
        return running().transferLeadership(targetId);
    }

    /** Listeners added before the node starts are attached when it starts, and kept across restarts. */
    @Override
    public void addListener(RaftListener listener) {
        listeners.add(listener);
        RaftNode running = node;
        if (running != null) {
            running.addListener(listener);
        }
    }

    @Override
    public void removeListener(RaftListener listener) {
        listeners.remove(listener);
        RaftNode running = node;
        if (running != null) {
            running.removeListener(listener);
        }
    }

    /** Same as {@link #stop()}: the context closes the node, not the application. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        RaftNode running = node;
        return "ManagedRaftNode[" + (running != null ? running.id() + " at " + running.advertisedAddress() : "stopped") + "]";
    }

    /** Turns the node's callbacks into Spring application events. */
    private final class EventPublishingListener implements RaftListener {

        @Override
        public void roleChanged(NodeRole previous, NodeRole current, long term) {
            events.publishEvent(new RaftRoleChangedEvent(ManagedRaftNode.this, previous, current, term));
        }

        @Override
        public void leaderChanged(String leaderId, String leaderAddress, long term) {
            events.publishEvent(new RaftLeaderChangedEvent(ManagedRaftNode.this, leaderId, leaderAddress, term));
        }

        /** The node logged the cause; liveness turns BROKEN so that an orchestrator restarts the application. */
        @Override
        public void stoppedByFatalError(Throwable cause) {
            log.error("raft node stopped after a fatal error; application liveness is now BROKEN: {}", cause.toString());
            AvailabilityChangeEvent.publish(events, ManagedRaftNode.this, LivenessState.BROKEN);
        }
    }
}
