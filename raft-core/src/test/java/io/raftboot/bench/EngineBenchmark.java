package io.raftboot.bench;

import io.raftboot.api.Command;
import io.raftboot.api.Durability;
import io.raftboot.api.RaftNode;
import io.raftboot.node.TestCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine alone: three members in this JVM on loopback TCP (each with its own log on disk), SETs
 * of 64-byte values through {@link RaftNode#execute} on the leader, which is the whole write path
 * (proposal, log append and fsync at {@code durability=high}, replication, commit, apply, reply)
 * without a RESP client. Closed loop: {@code inFlight} requests outstanding at all times, a new one
 * as soon as one completes.
 *
 * <p>One JMH operation submits one request once a slot is free, so the score is commits/s (the at
 * most {@code inFlight} requests still open when an iteration ends are drained before the next
 * one, outside the measured time). Latency, from submission to the completed reply, is recorded
 * for every request of the measurement iterations and printed with its percentiles at the end of
 * the trial; with {@code -Dbench.out=<file>} also appended to that file as CSV
 * ({@code benchmark,durability,inFlight,count,p50_us,p99_us,p999_us,max_us}).
 *
 * <p>Data goes under {@code java.io.tmpdir} (scripts/bench-engine.sh points it at the repository's
 * file system). Not part of {@code mvn test}: surefire only runs classes named {@code *Test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(1) // one submitter; the in-flight window, not JMH threads, sets the concurrency
public class EngineBenchmark {
    private static final int VALUE_BYTES = 64;
    /** Distinct keys, like redis-benchmark -r 100000. */
    private static final int KEYS = 100_000;
    /** Pre-built commands, cycled (a power of two). */
    private static final int COMMANDS = 1 << 16;

    @Param({"1", "50", "800"})
    public int inFlight;

    @Param({"HIGH"})
    public String durability;

    private TestCluster cluster;
    private RaftNode leader;
    private Semaphore slots;
    private Command[] commands;
    private int next;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean recording;
    private final LatencySamples samples = new LatencySamples();

    @Setup(Level.Trial)
    public void startCluster() {
        cluster = TestCluster.start(3, options -> options
                .durability(Durability.valueOf(durability))
                // the sample app's defaults: the test defaults (300 ms) could elect a new leader
                // while two shared cores are saturated, which would end the run
                .electionTimeout(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(30)));
        leader = cluster.awaitLeader().node();
        slots = new Semaphore(inFlight);
        commands = new Command[COMMANDS];
        byte[] value = "v".repeat(VALUE_BYTES).getBytes(StandardCharsets.US_ASCII);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < COMMANDS; i++) {
            byte[] key = String.format(Locale.ROOT, "key:%012d", random.nextInt(KEYS)).getBytes(StandardCharsets.US_ASCII);
            commands[i] = new Command(new byte[][] {"SET".getBytes(StandardCharsets.US_ASCII), key, value});
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        recording = iteration.getType() == IterationType.MEASUREMENT;
    }

    @Benchmark
    public void commit() throws InterruptedException {
        Throwable failed = failure.get();
        if (failed != null) {
            // a failed write (e.g. a leader change) would make every later one fail fast and the
            // score meaningless: stop the run instead
            throw new IllegalStateException("a write failed", failed);
        }
        slots.acquire();
        long started = System.nanoTime();
        leader.execute(commands[next++ & (COMMANDS - 1)]).whenComplete((reply, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else if (recording) {
                samples.add(System.nanoTime() - started);
            }
            slots.release();
        });
    }

    /** Waits for the requests still open, so that no iteration starts with another's backlog. */
    @TearDown(Level.Iteration)
    public void drain() throws InterruptedException {
        if (!slots.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still open 60 s after the iteration ended");
        }
        slots.release(inFlight);
        recording = false;
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        try {
            samples.report(String.format(Locale.ROOT, "durability=%s inFlight=%d", durability, inFlight),
                    EngineBenchmark.class, durability, inFlight);
        } finally {
            cluster.close();
        }
    }

    /**
     * Latencies in nanoseconds, appended from the threads that complete replies. Percentiles come
     * from a sorted copy (nearest rank); no histogram library is needed at these counts.
     */
    static final class LatencySamples {
        private long[] values = new long[1 << 20];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = nanos;
        }

        private synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }

        private static double micros(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(quantile * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
        }

        String summary() {
            long[] s = sorted();
            return String.format(Locale.ROOT, "%d requests, p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us",
                    s.length, micros(s, 0.50), micros(s, 0.99), micros(s, 0.999), micros(s, 1.0));
        }

        /**
         * Prints the percentiles under {@code title} and, with {@code -Dbench.out=<file>}, appends them
         * to that file as a CSV row named after {@code benchmark} (scripts/bench-engine.sh reads it).
         */
        void report(String title, Class<?> benchmark, String durability, int inFlight) {
            System.out.printf(Locale.ROOT, "%nlatency %s: %s%n", title, summary());
            String out = System.getProperty("bench.out");
            if (out == null) {
                return;
            }
            String row = String.format(Locale.ROOT, "%s,%s,%d,%s%n", benchmark.getSimpleName(), durability, inFlight, csv());
            try {
                Files.writeString(Path.of(out), row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String csv() {
            long[] s = sorted();
            return String.format(Locale.ROOT, "%d,%.0f,%.0f,%.0f,%.0f", s.length, micros(s, 0.50), micros(s, 0.99),
                    micros(s, 0.999), micros(s, 1.0));
        }
    }
}
