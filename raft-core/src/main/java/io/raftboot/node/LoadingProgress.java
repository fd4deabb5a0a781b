package io.raftboot.node;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.raftboot.api.LoadingStatus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the member is loading its dataset (Redis' {@code -LOADING}): replaying, after a restart,
 * the entries it knew committed before it, or installing a snapshot from the leader. Also reports
 * progress in the log about once a second while loading, and once when it is done.
 */
final class LoadingProgress {
    /** Redis' wording, with its error code, so that clients that retry on LOADING do so here too. */
    static final String REPLY = "LOADING Raft is loading the dataset in memory";
    static final String REPLAYING = "replaying log";
    static final String INSTALLING = "installing snapshot";
    private static final Logger log = LoggerFactory.getLogger(LoadingProgress.class);
    private static final long REPORT_MILLIS = 1000;

    private final String nodeId;
    private final ApplyLoop apply;
    private final long replayTarget;
    private final long startNanos = System.nanoTime();
    private final long initialApplied;
    /** Report state, touched by the timer thread only. */
    private boolean replayDone;
    private boolean installing;

    LoadingProgress(String nodeId, ApplyLoop apply, long replayTarget) {
        this.nodeId = nodeId;
        this.apply = apply;
        this.replayTarget = replayTarget;
        this.initialApplied = apply.appliedIndex();
    }

    LoadingStatus status() {
        long applied = apply.appliedIndex();
        if (apply.restoring()) {
            return new LoadingStatus(true, INSTALLING, applied, 0);
        }
        if (applied < replayTarget) {
            return new LoadingStatus(true, REPLAYING, applied, replayTarget);
        }
        return LoadingStatus.READY;
    }

    /** The error reply for a data command while loading, else null. */
    String reply() {
        return apply.restoring() || apply.appliedIndex() < replayTarget ? REPLY : null;
    }

    /** Starts the progress reports on {@code timer}; they end with the timer. */
    void report(Timer timer) {
        // counted from where the replay began: the apply thread is already running, so its live
        // applied index may have moved past the first entries by now
        if (replayTarget > initialApplied) {
            log.info("{} loading: replaying the log up to index {} ({} entries) before serving data commands",
                    nodeId, replayTarget, replayTarget - initialApplied);
        }
        schedule(timer);
    }

    private void schedule(Timer timer) {
        try {
            timer.newTimeout(this::tick, REPORT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IllegalStateException stopped) {
            // the node is closing
        }
    }

    private void tick(Timeout timeout) {
        LoadingStatus now = status();
        if (!replayDone) {
            if (REPLAYING.equals(now.phase())) {
                log.info("{} loading: applied {} of {} ({}%)", nodeId, now.appliedIndex(), now.targetIndex(),
                        now.percent());
            } else if (apply.appliedIndex() >= replayTarget) {
                replayDone = true;
                if (replayTarget > initialApplied) {
                    log.info("{} loaded the dataset: replayed to index {} in {} ms; serving", nodeId, replayTarget,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                }
            }
        }
        if (INSTALLING.equals(now.phase()) && !installing) {
            installing = true;
            log.info("{} loading: installing a snapshot from the leader; data commands answer -LOADING", nodeId);
        } else if (!INSTALLING.equals(now.phase()) && installing) {
            installing = false;
            log.info("{} loaded the snapshot from the leader: applied index {}; serving", nodeId, now.appliedIndex());
        }
        schedule(timeout.timer());
    }
}
