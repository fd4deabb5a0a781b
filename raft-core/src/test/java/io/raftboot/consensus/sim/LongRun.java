package io.raftboot.consensus.sim;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator over far more seeds than the default test run, for {@code scripts/sim-long.sh}:
 * spreads the seeds over the cores, prints progress with seeds per second, each failing seed with
 * its replay line as soon as it is found, and a summary. Exits 1 when any seed failed.
 *
 * <pre>LongRun [--seeds N] [--first F] [--threads T] [--faults all|drop,crash,...] [--voters 3|5]</pre>
 */
public final class LongRun {
    private LongRun() {
    }

    public static void main(String[] args) {
        long seeds = 1_000_000;
        long first = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        Set<Fault> faults = Fault.parse("all");
        int voters = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(required(args[i], value));
                case "--first" -> first = Long.parseLong(required(args[i], value));
                case "--threads" -> threads = Integer.parseInt(required(args[i], value));
                case "--faults" -> faults = Fault.parse(required(args[i], value));
                case "--voters" -> voters = Integer.parseInt(required(args[i], value));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --seeds --first --threads --faults --voters)");
            }
            i++;
        }
        SimOptions base = SimOptions.of(first, faults, EngineFactory.real()).withVoters(voters);
        SeedRunner runner = new SeedRunner(base, threads, failure -> {
            synchronized (System.out) {
                System.out.println("FAILED " + failure.getMessage());
            }
        });
        System.out.printf("simulating seeds %d..%d on %d threads, faults %s%n", first, first + seeds - 1, threads,
                Fault.format(faults));
        long started = System.nanoTime();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-progress");
            t.setDaemon(true);
            return t;
        });
        long total = seeds;
        progress.scheduleAtFixedRate(() -> {
            double secs = (System.nanoTime() - started) / 1e9;
            long done = runner.done();
            System.out.printf("  %,d of %,d seeds in %.0f s: %.0f seeds/s%n", done, total, secs, done / secs);
        }, 30, 30, TimeUnit.SECONDS);
        SeedRunner.Totals totals = runner.run(first, seeds);
        progress.shutdownNow();
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf("simulated %,d seeds in %.0f s (%.0f seeds/s): %,d events, %,d client ops, %,d ok, %,d unknown; %s%n",
                seeds, secs, seeds / secs, totals.events(), totals.ops(), totals.ok(), totals.unknown(), totals.stats());
        if (totals.failures().isEmpty()) {
            System.out.println("no seed failed");
            return;
        }
        System.out.println(totals.failures().size() + " failing seeds:");
        for (SimulationFailure failure : totals.failures()) {
            System.out.println("  " + failure.seed() + " (" + failure.property() + ")  replay: "
                    + base.withSeed(failure.seed()).replayCommand());
        }
        System.exit(1);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
