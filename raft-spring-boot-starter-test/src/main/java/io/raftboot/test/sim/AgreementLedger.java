package io.raftboot.test.sim;

import io.raftboot.consensus.sim.SimulationFailure;
import io.raftboot.test.determinism.SnapshotDiff;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the first member to reach each applied index replied and held there, so that every other
 * member reaching the same index (by applying the entry, or by restoring a snapshot taken there) is
 * compared with it at once: a state machine that drifts is caught at the first index where it does.
 */
final class AgreementLedger {
    static final String PROPERTY = "state-machine-divergence";

    /** The usual causes, for the report. */
    static final String CULPRITS = "\nEvery member must compute the same state from the same log: a write"
            + " handler must use CommandContext.timestampMillis() instead of the clock and CommandContext.randomSeed()"
            + " instead of an unseeded Random, a command that changes state must be declared a write (a read runs on"
            + " one member only), a snapshot must list its state in a defined order, and restore(snapshot()) must give"
            + " back the same state.";

    private record Reached(String member, String entry, String reply, byte[] state) {
    }

    private final Map<Long, Reached> byIndex = new HashMap<>();

    /**
     * @param entry what was applied at {@code index}, for the report
     * @param reply the reply its handler built, or null where nothing ran (a snapshot restored, a no-op)
     */
    void agree(long index, String member, String entry, String reply, byte[] state) {
        Reached first = byIndex.putIfAbsent(index, new Reached(member, entry, reply, state));
        if (first == null) {
            return;
        }
        if (reply != null && first.reply() != null && !Objects.equals(reply, first.reply())) {
            throw new SimulationFailure.Violation(PROPERTY, "members " + first.member() + " and " + member
                    + " replied differently to log entry #" + index + " " + entry + ":\n  " + first.member() + ": "
                    + first.reply() + "\n  " + member + ": " + reply);
        }
        if (!Arrays.equals(state, first.state())) {
            throw new SimulationFailure.Violation(PROPERTY, "the state machines of members " + first.member() + " and "
                    + member + " differ at index " + index + " (" + first.member() + " after " + first.entry() + ", "
                    + member + " after " + entry + "): their snapshots' "
                    + SnapshotDiff.describe(first.state(), first.member(), state, member));
        }
    }
}
