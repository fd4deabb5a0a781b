package io.raftboot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulator over many seeds. {@code -Dsim.seeds=N} runs seeds 1..N (default
 * 500), {@code -Dsim.seed=S} replays one seed exactly, {@code -Dsim.faults=drop,partition,...}
 * narrows the fault classes, {@code -Dsim.trace=true} prints the trace of a replayed seed.
 */
class SimulationTest {

    @Test
    void clusterStaysSafeAndLiveUnderFaults() {
        Set<Fault> faults = Fault.parse(System.getProperty("sim.faults"));
        String single = System.getProperty("sim.seed");
        SimOptions base = SimOptions.of(1, faults, EngineFactory.real());
        if (single != null && !single.isBlank()) {
            SimOptions one = base.withSeed(Long.parseLong(single.trim()))
                    .withTrace(Boolean.getBoolean("sim.trace"));
            Simulation.Outcome outcome = new Simulation(one).run();
            System.out.println("seed " + single + " passed: " + outcome);
            return;
        }
        int seeds = Integer.getInteger("sim.seeds", 500);
        List<SimulationFailure> failures = new ArrayList<>();
        long ok = 0;
        long unknown = 0;
        long ops = 0;
        long snapshots = 0;
        long events = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            try {
                Simulation.Outcome outcome = new Simulation(base.withSeed(seed)).run();
                ok += outcome.ok();
                unknown += outcome.unknown();
                ops += outcome.ops();
                snapshots += outcome.snapshots();
                events += outcome.events();
            } catch (SimulationFailure failure) {
                failures.add(failure);
            }
        }
        System.out.printf("simulated %d seeds (faults %s): %d events, %d client ops, %d ok, %d unknown, "
                + "%d snapshots, %d failing seeds%n", seeds, Fault.format(faults), events, ops, ok, unknown,
                snapshots, failures.size());
        if (!failures.isEmpty()) {
            StringBuilder report = new StringBuilder(failures.size() + " of " + seeds + " seeds failed; seeds: ");
            failures.forEach(f -> report.append(f.seed()).append('(').append(f.property()).append(") "));
            report.append("\nfirst failure:\n").append(failures.get(0).getMessage());
            fail(report.toString());
        }
        // The runs must have exercised the system, or passing proves nothing.
        assertThat(ok).as("successful client operations").isGreaterThan(seeds * 10L);
        if (faults.contains(Fault.SNAPSHOT)) {
            assertThat(snapshots).as("snapshots taken").isGreaterThan(0);
        }
    }
}
