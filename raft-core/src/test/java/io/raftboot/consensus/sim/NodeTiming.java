package io.raftboot.consensus.sim;

/**
 * How one node experiences time: its tick period and the rate of its local clock relative to
 * simulated time (clock drift), plus the phase of its first tick.
 */
record NodeTiming(long tickMicros, double drift, long phase) {

    /** Global simulated time between two ticks of this node. */
    long tickPeriod() {
        return Math.round(tickMicros * (1 + drift));
    }

    /** The node's local monotonic clock at global time {@code now}. */
    long localTime(long now) {
        return Math.round(now / (1 + drift));
    }
}
