package io.raftboot.consensus.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs a range of seeds over several threads. Each seed's run is deterministic and shares nothing
 * with the others, so the outcome does not depend on the thread count; failures come back sorted by
 * seed.
 */
final class SeedRunner {

    /** What a range of seeds did. */
    record Totals(long seeds, long ok, long unknown, long ops, long events, SimStats stats,
                  List<SimulationFailure> failures) {
    }

    private static final int CHUNK = 8;

    private final SimOptions base;
    private final int threads;
    private final Consumer<SimulationFailure> onFailure;
    private final AtomicLong done = new AtomicLong();

    SeedRunner(SimOptions base, int threads) {
        this(base, threads, failure -> { });
    }

    /** @param onFailure told of each failing seed as it is found, from the thread that ran it */
    SeedRunner(SimOptions base, int threads, Consumer<SimulationFailure> onFailure) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.base = base;
        this.threads = threads;
        this.onFailure = onFailure;
    }

    /** Seeds finished so far by {@link #run}; safe to read from another thread for progress reports. */
    long done() {
        return done.get();
    }

    Totals run(long firstSeed, long count) {
        AtomicLong next = new AtomicLong(firstSeed);
        long end = firstSeed + count;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sim-seeds");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Partial>> parts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                parts.add(pool.submit(() -> runClaimed(next, end)));
            }
            Partial total = new Partial();
            for (Future<Partial> part : parts) {
                total.add(part.get());
            }
            total.failures.sort(Comparator.comparingLong(SimulationFailure::seed));
            return new Totals(count, total.ok, total.unknown, total.ops, total.events, total.stats, total.failures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulation thread failed outside any run", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Partial runClaimed(AtomicLong next, long end) {
        Partial partial = new Partial();
        while (true) {
            long from = next.getAndAdd(CHUNK);
            if (from >= end) {
                return partial;
            }
            for (long seed = from; seed < Math.min(end, from + CHUNK); seed++) {
                try {
                    partial.add(new Simulation(base.withSeed(seed)).run());
                } catch (SimulationFailure failure) {
                    partial.failures.add(failure);
                    onFailure.accept(failure);
                }
                done.incrementAndGet();
            }
        }
    }

    /** One thread's sums; merged once at the end. */
    private static final class Partial {
        long ok;
        long unknown;
        long ops;
        long events;
        final SimStats stats = new SimStats();
        final List<SimulationFailure> failures = new ArrayList<>();

        void add(Simulation.Outcome outcome) {
            ok += outcome.ok();
            unknown += outcome.unknown();
            ops += outcome.ops();
            events += outcome.events();
            stats.addAll(outcome.stats());
        }

        void add(Partial other) {
            ok += other.ok;
            unknown += other.unknown;
            ops += other.ops;
            events += other.events;
            stats.addAll(other.stats);
            failures.addAll(other.failures);
        }
    }
}
