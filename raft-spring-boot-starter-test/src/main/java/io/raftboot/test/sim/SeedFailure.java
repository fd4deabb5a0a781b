package io.raftboot.test.sim;

import java.util.List;

/**
 * One seed that broke a property: which, why, the simulated events just before, and how to run
 * that seed alone.
 *
 * @param property what broke: {@code state-machine-divergence} (members' replies or snapshots
 *                 differ at an index), {@code linearizability} (the clients' history against the
 *                 model), or one of the simulator's own safety and liveness properties
 */
public record SeedFailure(long seed, String property, String detail, List<String> lastEvents) {

    public SeedFailure {
        lastEvents = List.copyOf(lastEvents);
    }

    /** The full report: property and detail, the last events, the rerun instruction. */
    public String describe() {
        StringBuilder out = new StringBuilder("seed ").append(seed).append(" violated ").append(property).append(": ")
                .append(detail);
        if (property.equals(AgreementLedger.PROPERTY)) {
            out.append(AgreementLedger.CULPRITS);
        }
        out.append("\n  last simulated events (time in ms, member, event):");
        for (String line : lastEvents) {
            out.append("\n    ").append(line);
        }
        return out.append("\n  rerun only this seed: ").append(rerun()).toString();
    }

    /** The instruction that replays this seed exactly. */
    public String rerun() {
        return "SimulatedRaft...seed(" + seed + ") in the test, or run the test with -D" + SimulatedRaft.SEED_PROPERTY
                + "=" + seed + " (add -D" + SimulatedRaft.TRACE_PROPERTY + "=true to print every event)";
    }
}
