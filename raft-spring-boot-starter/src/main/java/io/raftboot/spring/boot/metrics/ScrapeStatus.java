package io.raftboot.spring.boot.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.raftboot.api.NodeStatus;

/**
 * One {@link NodeStatus} shared by the status gauges of one scrape, instead of one build per gauge.
 * <p>
 * A scrape reads each gauge once, so a status serves each reader at most once: a reader that comes
 * back (the next scrape, or a caller right after the status changed) gets a fresh build, and gauges
 * never lag the node by a scrape. A status also expires after {@link #MAX_AGE_NANOS}, so a gauge read
 * on its own (one meter of {@code /actuator/metrics}) never picks up one built long ago.
 */
final class ScrapeStatus {
    /** Far longer than reading three gauges takes, far shorter than any scrape interval. */
    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Supplier<NodeStatus> node;
    private final LongSupplier nanoClock;
    private final AtomicReference<Built> last = new AtomicReference<>();

    ScrapeStatus(Supplier<NodeStatus> node, LongSupplier nanoClock) {
        this.node = node;
        this.nanoClock = nanoClock;
    }

    /** The status for {@code reader} (0 to 31, one per gauge): the shared one when it is still fresh for it. */
    NodeStatus read(int reader) {
        int bit = 1 << reader;
        long now = nanoClock.getAsLong();
        Built shared = last.get();
        if (shared != null && now - shared.at < MAX_AGE_NANOS && shared.claim(bit)) {
            return shared.status;
        }
        Built fresh = new Built(node.get(), now, bit);
        // concurrent scrapes may each build one; either is fresh, so whichever lands is fine
        last.set(fresh);
        return fresh.status;
    }

    private static final class Built {
        final NodeStatus status;
        final long at;
        /** The readers this status has served. */
        private final AtomicInteger served;

        Built(NodeStatus status, long at, int firstReader) {
            this.status = status;
            this.at = at;
            this.served = new AtomicInteger(firstReader);
        }

        boolean claim(int bit) {
            return (served.getAndUpdate(readers -> readers | bit) & bit) == 0;
        }
    }
}
