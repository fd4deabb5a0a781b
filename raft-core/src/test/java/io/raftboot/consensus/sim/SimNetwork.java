package io.raftboot.consensus.sim;

import io.raftboot.consensus.Message;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Moves consensus messages between simulated nodes: random delay, drops, duplicates, reordering
 * (or per-link FIFO when reordering is off) and partitions, symmetric or one-way. A partition cuts
 * messages already in flight too: it is checked on delivery.
 */
final class SimNetwork {

    /** Where the network hands a message that arrived; the snapshot travels with an InstallSnapshot. */
    interface Receiver {
        void deliver(String to, Message message, SnapshotData snapshot);

        /** The sender's streamed snapshot transfer broke (lost, cut, or the receiver is down). */
        void snapshotLost(String from, String to);
    }

    private final EventQueue clock;
    private final SplittableRandom random;
    private final Trace trace;
    private final Receiver receiver;
    private final Set<String> blocked = new HashSet<>();
    private final Map<String, Long> lastDelivery = new HashMap<>();
    private double dropRate;
    private double dupRate;
    private boolean reorder;
    private final long minDelay;
    private final long maxDelay;
    private long sent;
    private long dropped;

    SimNetwork(EventQueue clock, SplittableRandom random, Trace trace, Receiver receiver, long minDelay,
               long maxDelay) {
        this.clock = clock;
        this.random = random;
        this.trace = trace;
        this.receiver = receiver;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
    }

    void configure(double dropRate, double dupRate, boolean reorder) {
        this.dropRate = dropRate;
        this.dupRate = dupRate;
        this.reorder = reorder;
    }

    void send(Message message, SnapshotData snapshot) {
        sent++;
        if (random.nextDouble() < dropRate) {
            dropped++;
            trace.add(clock.now(), message.from(), "DROP " + message);
            lost(message);
            return;
        }
        int copies = random.nextDouble() < dupRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long arrival = arrivalTime(message.from(), message.to());
            clock.at(arrival, "deliver", () -> arrive(message, snapshot));
        }
    }

    private long arrivalTime(String from, String to) {
        long arrival = clock.now() + minDelay + random.nextLong(maxDelay - minDelay + 1);
        if (reorder && random.nextInt(100) < 2) {
            // A straggler, overtaken by everything sent after it: stale terms and old appends arrive late.
            arrival += 20_000 + random.nextLong(300_000);
        }
        if (!reorder) {
            String link = from + '>' + to;
            arrival = Math.max(arrival, lastDelivery.getOrDefault(link, 0L));
            lastDelivery.put(link, arrival);
        }
        return arrival;
    }

    private void arrive(Message message, SnapshotData snapshot) {
        if (blocked.contains(message.from() + '>' + message.to())) {
            dropped++;
            lost(message);
            return;
        }
        receiver.deliver(message.to(), message, snapshot);
    }

    private void lost(Message message) {
        if (message instanceof Message.InstallSnapshot) {
            receiver.snapshotLost(message.from(), message.to());
        }
    }

    boolean reachable(String from, String to) {
        return !blocked.contains(from + '>' + to);
    }

    /** Cuts every link from a member of {@code side} to a member of {@code other}, and back unless one-way. */
    void partition(List<String> side, List<String> other, boolean oneWay) {
        for (String a : side) {
            for (String b : other) {
                blocked.add(a + '>' + b);
                if (!oneWay) {
                    blocked.add(b + '>' + a);
                }
            }
        }
    }

    void heal() {
        blocked.clear();
    }

    boolean partitioned() {
        return !blocked.isEmpty();
    }

    String stats() {
        return sent + " sent, " + dropped + " lost";
    }
}
