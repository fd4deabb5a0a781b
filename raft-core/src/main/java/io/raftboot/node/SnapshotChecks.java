package io.raftboot.node;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks the apply thread every {@code raft.snapshot.interval} whether a snapshot is due. Asking per
 * interval rather than per applied batch lets a burst of writes pass before a capture starts, and
 * costs one wake per interval when nothing is written. The checks end with the timer.
 */
final class SnapshotChecks {
    private final Timer timer;
    private final long intervalNanos;
    private final ApplyLoop apply;

    private SnapshotChecks(Timer timer, Duration interval, ApplyLoop apply) {
        this.timer = timer;
        this.intervalNanos = interval.toNanos();
        this.apply = apply;
    }

    static void start(Timer timer, Duration interval, ApplyLoop apply) {
        new SnapshotChecks(timer, interval, apply).schedule();
    }

    private void schedule() {
        try {
            timer.newTimeout(this::check, intervalNanos, TimeUnit.NANOSECONDS);
        } catch (IllegalStateException stopped) {
            // the node is closing
        }
    }

    private void check(Timeout timeout) {
        apply.submit(new ApplyLoop.CheckSnapshot());
        schedule();
    }
}
