package io.raftboot.sample.expiry;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftOptions;
import io.raftboot.sample.KeyspaceStateMachine;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * While this member leads, periodically deletes expired keys through the log: it asks the state
 * machine which keys are expired ({@code EXPIREDKEYS n}) and proposes {@code EXPIRED key...}, which
 * every member applies at that entry's time, deleting only keys still expired then. Reads never
 * delete, so without this sweep expired keys would only hide, never free memory.
 *
 * <p>It talks to its own RESP port like any client, so the proposal takes the ordinary write path
 * (the node API has no way to submit a command directly). Losing leadership stops it; a stale
 * proposal is harmless because EXPIRED re-checks each key at its own entry time.
 */
@Component
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
public class ExpirySweeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final RaftOptions options;
    private final Duration interval;
    private final int batch;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "expiry-sweeper");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> task;
    private RespClient client;
    private volatile int port;

    public ExpirySweeper(RaftOptions options,
                         @Value("${sample.expiry.sweep-interval:100ms}") Duration interval,
                         @Value("${sample.expiry.batch:500}") int batch) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sample.expiry.sweep-interval must be positive, was " + interval);
        }
        if (batch < 1 || batch > KeyspaceStateMachine.MAX_SWEEP_BATCH) {
            throw new IllegalArgumentException("sample.expiry.batch must be between 1 and "
                    + KeyspaceStateMachine.MAX_SWEEP_BATCH + ", was " + batch);
        }
        this.options = options;
        this.interval = interval;
        this.batch = batch;
    }

    @EventListener
    public synchronized void onRoleChanged(RaftRoleChangedEvent event) {
        if (event.getRole() == NodeRole.LEADER) {
            port = event.getNode().port();
            if (task == null) {
                log.info("leading in term {}: sweeping expired keys every {}", event.getTerm(), interval);
                task = scheduler.scheduleWithFixedDelay(this::sweepSafely, interval.toMillis(), interval.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } else if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** Whether a sweep is scheduled (this member leads). */
    synchronized boolean isSweeping() {
        return task != null;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RespClient.ErrorReply e) {
            // e.g. -TRY or -CLUSTERDOWN right after losing leadership; the role event stops us soon
            log.debug("expiry sweep answered {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.debug("expiry sweep failed; reconnecting next time", e);
            closeClient();
        }
    }

    /** Deletes expired keys in batches until none is left or a batch comes back short. */
    private void sweep() throws IOException, RespClient.ErrorReply {
        RespClient c = client();
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) c.call("EXPIREDKEYS", Integer.toString(batch));
            if (keys == null || keys.isEmpty()) {
                return;
            }
            byte[][] command = new byte[keys.size() + 1][];
            command[0] = "EXPIRED".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < keys.size(); i++) {
                command[i + 1] = (byte[]) keys.get(i);
            }
            Object deleted = c.call(command);
            log.debug("expired {} of {} keys", deleted, keys.size());
            if (keys.size() < batch) {
                return;
            }
        }
    }

    private RespClient client() throws IOException, RespClient.ErrorReply {
        if (client == null) {
            RespClient c = new RespClient(loopbackHost(), port, options.requestTimeout().plusSeconds(1));
            try {
                if (options.password().isPresent()) {
                    c.call("AUTH", options.password().get());
                }
            } catch (IOException | RespClient.ErrorReply e) {
                c.close();
                throw e;
            }
            client = c;
        }
        return client;
    }

    private String loopbackHost() {
        String host = options.host();
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("closing the sweep connection failed", e);
            }
            client = null;
        }
    }

    @Override
    public void destroy() {
        synchronized (this) {
            if (task != null) {
                task.cancel(false);
                task = null;
            }
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClient();
    }
}
