package io.raftboot.test.determinism;

import io.raftboot.api.StateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Applies the same committed log to several fresh instances of a state machine, as the members of
 * a cluster do, and compares their replies and snapshots after every entry. Replicas that drift
 * apart are caught at the first entry where they differ, with the reason; the usual culprits are
 * the wall clock and random numbers inside a handler (use the context's timestamp and seed) and
 * snapshots that follow a hash map's iteration order.
 */
public final class DeterminismCheck {
    private final Supplier<? extends StateMachine> factory;
    private final int instances;

    private DeterminismCheck(Supplier<? extends StateMachine> factory, int instances) {
        if (instances < 2) {
            throw new IllegalArgumentException("comparing needs at least two instances: " + instances);
        }
        this.factory = Objects.requireNonNull(factory, "factory");
        this.instances = instances;
    }

    /** Three instances from {@code factory}, each one new. */
    public static DeterminismCheck of(Supplier<? extends StateMachine> factory) {
        return new DeterminismCheck(factory, 3);
    }

    public DeterminismCheck instances(int count) {
        return new DeterminismCheck(factory, count);
    }

    /**
     * Fails with the first entry after which an instance's reply or snapshot differs from the first
     * instance's. The instances replay the log one after the other, each starting on a later
     * millisecond, so that a handler reading the clock sees another time on each; the first
     * instance's snapshot after every entry is kept for comparison, so use it on test-sized logs.
     */
    public void assertDeterministic(List<LoggedCommand> log) {
        List<String> expectedReplies = new ArrayList<>();
        List<byte[]> expectedSnapshots = new ArrayList<>();
        Replica first = new Replica(factory.get());
        for (LoggedCommand entry : log) {
            expectedReplies.add(first.apply(entry));
            expectedSnapshots.add(first.snapshot());
        }
        for (int instance = 2; instance <= instances; instance++) {
            awaitNextMillisecond();
            Replica replica = new Replica(factory.get());
            for (int i = 0; i < log.size(); i++) {
                LoggedCommand entry = log.get(i);
                String reply = replica.apply(entry);
                if (!reply.equals(expectedReplies.get(i))) {
                    throw new AssertionError(header(entry) + "the replies differ:\n  instance 1: " + expectedReplies.get(i)
                            + "\n  instance " + instance + ": " + reply + CULPRITS);
                }
                byte[] snapshot = replica.snapshot();
                if (!Arrays.equals(snapshot, expectedSnapshots.get(i))) {
                    throw new AssertionError(header(entry) + "the snapshots of instances 1 and " + instance + " differ: "
                            + SnapshotDiff.describe(expectedSnapshots.get(i), snapshot) + CULPRITS);
                }
            }
        }
    }

    /** Waits for the wall clock to tick over (at most a millisecond or so): a condition, not a fixed pause. */
    private static void awaitNextMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() == now) {
            Thread.onSpinWait();
        }
    }

    private static final String CULPRITS = "\nA write handler must compute the same thing on every member: use"
            + " CommandContext.timestampMillis() instead of the clock, CommandContext.randomSeed() instead of an"
            + " unseeded Random, and write snapshots in a defined order (a sorted map, not a HashMap's iteration).";

    private static String header(LoggedCommand entry) {
        return "state machine is not deterministic: after log entry " + entry + ", ";
    }
}
