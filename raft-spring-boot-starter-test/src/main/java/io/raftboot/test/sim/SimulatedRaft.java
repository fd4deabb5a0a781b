package io.raftboot.test.sim;

import io.raftboot.api.StateMachine;
import io.raftboot.consensus.sim.SimOptions;
import io.raftboot.consensus.sim.Simulation;
import io.raftboot.consensus.sim.SimulationFailure;
import io.raftboot.test.lin.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Simulator mode: the user's state machine on every member of raft-core's deterministic simulator
 * (one thread, simulated time, the real consensus engine) while a nemesis partitions, drops,
 * duplicates and reorders messages, crashes members losing unpersisted writes, pauses them, changes
 * membership, moves leadership and installs snapshots; then the faults heal and the cluster must
 * commit again. Everything derives from the seed, so a failing seed fails the same way when run
 * again. Each seed checks:
 * <ol>
 *   <li>the simulator's safety invariants (election safety, log matching, commit agreement,
 *       durability of terms and votes, applying in order) and liveness after healing;</li>
 *   <li>that every member's state machine replies alike to each entry and holds the same snapshot
 *       bytes at each applied index, snapshots restored included;</li>
 *   <li>that the clients' history is linearizable against the {@link Model}.</li>
 * </ol>
 */
public final class SimulatedRaft {
    /** {@code -Draftboot.sim.seed=S} runs seed S alone, whatever {@link #seeds} says. */
    public static final String SEED_PROPERTY = "raftboot.sim.seed";
    /** {@code -Draftboot.sim.trace=true} prints every simulated event of the seeds run. */
    public static final String TRACE_PROPERTY = "raftboot.sim.trace";

    private final Supplier<? extends StateMachine> stateMachines;
    private final Workload workload;
    private final Model model;
    private final long firstSeed;
    private final int seedCount;
    private final int clients;

    private SimulatedRaft(Supplier<? extends StateMachine> stateMachines, Workload workload, Model model,
                          long firstSeed, int seedCount, int clients) {
        this.stateMachines = stateMachines;
        this.workload = workload;
        this.model = model;
        this.firstSeed = firstSeed;
        this.seedCount = seedCount;
        this.clients = clients;
    }

    /**
     * The state machine to simulate, a new instance per member process; clients send what
     * {@code workload} draws, and their history must be linearizable against {@code model}.
     * Seeds 1..100 and 3 clients unless told otherwise.
     */
    public static SimulatedRaft of(Supplier<? extends StateMachine> stateMachines, Workload workload, Model model) {
        return new SimulatedRaft(Objects.requireNonNull(stateMachines, "stateMachines"),
                Objects.requireNonNull(workload, "workload"), Objects.requireNonNull(model, "model"), 1, 100, 3);
    }

    /** Seeds 1..{@code count}. */
    public SimulatedRaft seeds(int count) {
        return seeds(1, count);
    }

    /** Seeds {@code first}..{@code first + count - 1}. */
    public SimulatedRaft seeds(long first, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one seed, got " + count);
        }
        return new SimulatedRaft(stateMachines, workload, model, first, count, clients);
    }

    /** That seed alone: how a failure is replayed. */
    public SimulatedRaft seed(long seed) {
        return seeds(seed, 1);
    }

    /** Concurrent clients, each with one command in flight at a time. */
    public SimulatedRaft clients(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one client, got " + count);
        }
        return new SimulatedRaft(stateMachines, workload, model, firstSeed, seedCount, count);
    }

    /** Runs every seed (over the machine's cores; each seed's run is independent) and collects the failures. */
    public SimulationResult run() {
        List<Long> seeds = seedsToRun();
        UserApplication.DeclaredCommands commands = new UserApplication.DeclaredCommands(stateMachines.get());
        boolean trace = Boolean.getBoolean(TRACE_PROPERTY);
        List<SeedOutcome> outcomes = seeds.parallelStream().map(seed -> runSeed(seed, commands, trace)).toList();
        long operations = 0;
        long acknowledged = 0;
        List<SeedFailure> failures = new ArrayList<>();
        for (SeedOutcome outcome : outcomes) {
            operations += outcome.operations();
            acknowledged += outcome.acknowledged();
            if (outcome.failure() != null) {
                failures.add(outcome.failure());
            }
        }
        failures.sort(Comparator.comparingLong(SeedFailure::seed));
        return new SimulationResult(seeds, operations, acknowledged, failures);
    }

    /** Runs every seed and fails with the failing seeds and the first one's full report. */
    public SimulationResult assertCorrect() {
        SimulationResult result = run();
        if (!result.passed()) {
            throw new AssertionError(result.describe());
        }
        return result;
    }

    private List<Long> seedsToRun() {
        String single = System.getProperty(SEED_PROPERTY);
        if (single != null && !single.isBlank()) {
            return List.of(Long.parseLong(single.trim()));
        }
        return LongStream.range(firstSeed, firstSeed + seedCount).boxed().toList();
    }

    private record SeedOutcome(long operations, long acknowledged, SeedFailure failure) {
    }

    private SeedOutcome runSeed(long seed, UserApplication.DeclaredCommands commands, boolean trace) {
        UserApplication application = new UserApplication(stateMachines, workload, model, commands);
        SimOptions options = SimOptions.of(seed, () -> application).withClients(clients).withTrace(trace);
        try {
            new Simulation(options).run();
            return new SeedOutcome(application.operations(), application.acknowledged(), null);
        } catch (SimulationFailure failure) {
            return new SeedOutcome(0, 0, new SeedFailure(seed, failure.property(), failure.detail(),
                    failure.traceTail()));
        }
    }
}
