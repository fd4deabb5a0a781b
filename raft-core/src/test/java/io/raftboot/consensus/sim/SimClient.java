package io.raftboot.consensus.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A client issuing one operation at a time to whichever node it believes leads, following refusal
 * hints, giving up on an operation after a timeout (its outcome is then unknown).
 */
final class SimClient {

    /** What a client needs from the simulation. */
    interface Cluster {
        EventQueue clock();

        History history();

        Trace trace();

        List<String> nodeIds();

        /** Sends the operation to a node, over a client link (delayed, not partitioned). */
        void submit(String node, History.Op op, SimClient from);

        /** Draws the operations. */
        SimApplication application();
    }

    private final int index;
    private final String name;
    private final Cluster cluster;
    private final SplittableRandom random;
    private final long timeoutMicros;
    private String target;
    private History.Op current;
    private long counter;
    private boolean stopped;

    SimClient(int index, Cluster cluster, SplittableRandom random, long timeoutMicros) {
        this.index = index;
        this.name = "c" + index;
        this.cluster = cluster;
        this.random = random;
        this.timeoutMicros = timeoutMicros;
    }

    void start(long delay) {
        retarget(null);
        cluster.clock().after(delay, name, this::next);
    }

    void stop() {
        stopped = true;
    }

    boolean idle() {
        return current == null;
    }

    private void next() {
        if (stopped) {
            current = null;
            return;
        }
        History.Op op = cluster.application().nextOp(cluster.history(), index, ++counter, random, cluster.clock().now());
        if (random.nextInt(10) == 0) {
            retarget(null); // clients also wander: any member may be asked, a stale leader included
        }
        current = op;
        cluster.trace().add(cluster.clock().now(), name, "-> " + target + " " + op);
        cluster.submit(target, op, this);
        cluster.clock().after(timeoutMicros, name, () -> timeout(op));
    }

    void onReply(History.Op op, ClientReply reply) {
        if (op != current || op.outcome != History.Outcome.PENDING) {
            return; // the client stopped waiting for it
        }
        long now = cluster.clock().now();
        long pause = random.nextLong(5_000);
        if (reply.ok()) {
            History.ok(op, reply.result(), now);
        } else {
            History.failed(op, now);
            retarget(reply.leaderHint());
            if (reply.leaderHint() == null) {
                pause += 10_000; // nobody knows a leader yet: back off instead of spinning
            }
        }
        cluster.trace().add(now, name, "<- " + op);
        current = null;
        cluster.clock().after(pause, name, this::next);
    }

    private void timeout(History.Op op) {
        if (op != current || op.outcome != History.Outcome.PENDING) {
            return;
        }
        History.unknown(op);
        cluster.trace().add(cluster.clock().now(), name, "timeout " + op);
        current = null;
        retarget(null);
        cluster.clock().after(random.nextLong(5_000), name, this::next);
    }

    private void retarget(String hint) {
        List<String> ids = cluster.nodeIds();
        if (hint != null && ids.contains(hint)) {
            target = hint;
        } else {
            target = ids.get(random.nextInt(ids.size()));
        }
    }
}
