package io.raftboot.consensus.sim;

import java.util.Set;
import java.util.function.Supplier;

/**
 * What one simulation run does. Everything else (cluster size when {@code voters} is 0, read mode
 * when {@code leaseReads} is null, fault rates, timings) is drawn from the seed.
 *
 * @param faultMicros   how long faults are injected before the cluster is healed
 * @param livenessMicros after healing, the bound within which a leader must commit a proposal
 * @param application   builds, for each run, what the members replicate ({@link KvApplication} by default)
 */
public record SimOptions(long seed, Set<Fault> faults, int voters, Boolean leaseReads, long faultMicros,
                         long livenessMicros, int clients, boolean printTrace, EngineFactory factory,
                         Supplier<? extends SimApplication> application) {

    static final long DEFAULT_FAULT_MICROS = 1_500_000;

    static SimOptions of(long seed, Set<Fault> faults, EngineFactory factory) {
        return new SimOptions(seed, faults, 0, null, DEFAULT_FAULT_MICROS, 5_000_000, 3, false, factory,
                KvApplication::new);
    }

    /** Every fault class, the real engine, and {@code application} built afresh for each run. */
    public static SimOptions of(long seed, Supplier<? extends SimApplication> application) {
        return of(seed, Fault.parse("all"), EngineFactory.real()).withApplication(application);
    }

    public SimOptions withApplication(Supplier<? extends SimApplication> newApplication) {
        return new SimOptions(seed, faults, voters, leaseReads, faultMicros, livenessMicros, clients, printTrace,
                factory, newApplication);
    }

    public SimOptions withClients(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a run needs at least one client, got " + count);
        }
        return new SimOptions(seed, faults, voters, leaseReads, faultMicros, livenessMicros, count, printTrace,
                factory, application);
    }

    public SimOptions withTrace(boolean print) {
        return new SimOptions(seed, faults, voters, leaseReads, faultMicros, livenessMicros, clients, print, factory,
                application);
    }

    public SimOptions withSeed(long newSeed) {
        return new SimOptions(newSeed, faults, voters, leaseReads, faultMicros, livenessMicros, clients, printTrace,
                factory, application);
    }

    public SimOptions withFaultMicros(long micros) {
        return new SimOptions(seed, faults, voters, leaseReads, micros, livenessMicros, clients, printTrace,
                factory, application);
    }

    public SimOptions withVoters(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("sim.voters must be positive (or 0: 3 or 5 drawn per seed), got "
                    + count);
        }
        return new SimOptions(seed, faults, count, leaseReads, faultMicros, livenessMicros, clients, printTrace,
                factory, application);
    }

    public SimOptions withLeaseReads(Boolean lease) {
        return new SimOptions(seed, faults, voters, lease, faultMicros, livenessMicros, clients, printTrace,
                factory, application);
    }

    /** The command line that replays this run exactly. */
    String replayCommand() {
        return "mvn -B -ntp -pl raft-core test -Dtest=SimulationTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dsim.seed=" + seed + " -Dsim.faults=" + Fault.format(faults)
                + (leaseReads == null ? "" : leaseReads ? " -Dsim.reads=lease" : " -Dsim.reads=readindex")
                + (faultMicros == DEFAULT_FAULT_MICROS ? "" : " -Dsim.faultMillis=" + faultMicros / 1000)
                + (voters == 0 ? "" : " -Dsim.voters=" + voters)
                + " -Dsim.trace=true"
                + "  (full trace in raft-core/target/surefire-reports/io.raftboot.consensus.sim.SimulationTest-output.txt)";
    }
}
