package io.raftboot.sample.expiry;

import io.raftboot.api.Command;
import io.raftboot.api.CommandException;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.sample.KeyspaceStateMachine;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
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
 * <p>The commands run through {@link RaftNode#execute}, the ordinary client path, so the proposal is
 * logged and replicated like any write. Losing leadership stops it; a stale proposal is harmless
 * because EXPIRED re-checks each key at its own entry time.
 */
@Component
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
public class ExpirySweeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final Duration interval;
    private final int batch;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "expiry-sweeper");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> task;

    public ExpirySweeper(@Value("${sample.expiry.sweep-interval:100ms}") Duration interval,
                         @Value("${sample.expiry.batch:500}") int batch) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sample.expiry.sweep-interval must be positive, was " + interval);
        }
        if (batch < 1 || batch > KeyspaceStateMachine.MAX_SWEEP_BATCH) {
            throw new IllegalArgumentException("sample.expiry.batch must be between 1 and "
                    + KeyspaceStateMachine.MAX_SWEEP_BATCH + ", was " + batch);
        }
        this.interval = interval;
        this.batch = batch;
    }

    @EventListener
    public synchronized void onRoleChanged(RaftRoleChangedEvent event) {
        if (event.getRole() == NodeRole.LEADER) {
            RaftNode node = event.getNode();
            if (task == null) {
                log.info("leading in term {}: sweeping expired keys every {}", event.getTerm(), interval);
                task = scheduler.scheduleWithFixedDelay(() -> sweepSafely(node), interval.toMillis(),
                        interval.toMillis(), TimeUnit.MILLISECONDS);
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

    private void sweepSafely(RaftNode node) {
        try {
            sweep(node);
        } catch (CompletionException e) {
            // e.g. -TRY or -CLUSTERDOWN right after losing leadership; the role event stops us soon
            log.debug("expiry sweep answered {}", e.getCause() instanceof CommandException c ? c.getMessage() : e);
        } catch (RuntimeException e) {
            log.debug("expiry sweep failed", e);
        }
    }

    /** Deletes expired keys in batches until none is left or a batch comes back short. */
    private void sweep(RaftNode node) {
        while (true) {
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) node.execute(Command.of("EXPIREDKEYS", Integer.toString(batch))).join();
            if (keys == null || keys.isEmpty()) {
                return;
            }
            byte[][] command = new byte[keys.size() + 1][];
            command[0] = "EXPIRED".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < keys.size(); i++) {
                command[i + 1] = (byte[]) keys.get(i);
            }
            Object deleted = node.execute(new Command(command)).join();
            log.debug("expired {} of {} keys", deleted, keys.size());
            if (keys.size() < batch) {
                return;
            }
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
    }
}
