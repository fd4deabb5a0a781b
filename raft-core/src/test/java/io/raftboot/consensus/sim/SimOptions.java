package io.raftboot.consensus.sim;

import java.util.Set;

/**
 * What one simulation run does. Everything else (cluster size when {@code voters} is 0, read mode
 * when {@code leaseReads} is null, fault rates, timings) is drawn from the seed.
 *
 * @param faultMicros   how long faults are injected before the cluster is healed
 * @param livenessMicros after healing, the bound within which a leader must commit a proposal
 */
record SimOptions(long seed, Set<Fault> faults, int voters, Boolean leaseReads, long faultMicros,
                  long livenessMicros, int clients, boolean printTrace, EngineFactory factory) {

    static final long DEFAULT_FAULT_MICROS = 1_500_000;

    static SimOptions of(long seed, Set<Fault> faults, EngineFactory factory) {
        return new SimOptions(seed, faults, 0, null, DEFAULT_FAULT_MICROS, 5_000_000, 3, false, factory);
    }

    SimOptions withTrace(boolean print) {
        return new SimOptions(seed, faults, voters, leaseReads, faultMicros, livenessMicros, clients, print, factory);
    }

    SimOptions withSeed(long newSeed) {
        return new SimOptions(newSeed, faults, voters, leaseReads, faultMicros, livenessMicros, clients, printTrace,
                factory);
    }

    SimOptions withFaultMicros(long micros) {
        return new SimOptions(seed, faults, voters, leaseReads, micros, livenessMicros, clients, printTrace, factory);
    }

    SimOptions withLeaseReads(Boolean lease) {
        return new SimOptions(seed, faults, voters, lease, faultMicros, livenessMicros, clients, printTrace, factory);
    }

    /** The command line that replays this run exactly. */
    String replayCommand() {
        return "mvn -B -ntp -pl raft-core test -Dtest=SimulationTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dsim.seed=" + seed + " -Dsim.faults=" + Fault.format(faults)
                + (leaseReads == null ? "" : leaseReads ? " -Dsim.reads=lease" : " -Dsim.reads=readindex")
                + (faultMicros == DEFAULT_FAULT_MICROS ? "" : " -Dsim.faultMillis=" + faultMicros / 1000)
                + " -Dsim.trace=true"
                + "  (full trace in raft-core/target/surefire-reports/io.raftboot.consensus.sim.SimulationTest-output.txt)";
    }
}
