package io.raftboot.sample.keyspace;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A plain main() benchmark of the keyspace on its own (no Raft, no network), not run by the test
 * suite. It measures what the apply thread does under {@code redis-benchmark -t set -r 100000 -d 64}
 * and how long a snapshot capture holds the apply thread. It only uses API that existed before the
 * hash table, so the same file measures the old and the new keyspace. See BENCHMARKS.md.
 *
 * <pre>
 * mvn -B -q -o -pl sample-app -am test-compile
 * java -Xms2g -Xmx2g -cp sample-app/target/classes:sample-app/target/test-classes \
 *     io.raftboot.sample.keyspace.KeyspaceBenchmark [throughput]
 * </pre>
 * With {@code throughput}, only the SET and HSET rounds run.
 */
public final class KeyspaceBenchmark {

    private static final long NOW = 1_700_000_000_000L;
    private static final int SETS = 1_000_000;
    private static final int KEY_RANGE = 100_000;
    private static final int BIG_KEYSPACE = 1_000_000;
    private static final int ROUNDS = 5;

    private KeyspaceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] value = new byte[64];
        Arrays.fill(value, (byte) 'x');
        setThroughput(value);
        hsetThroughput(value);
        if (args.length > 0 && args[0].equals("throughput")) {
            return;
        }
        growthStall(value);
        hashMapGrowthStall(value);
        capture(value);
    }

    /** redis-benchmark's key names, "key:" and a zero-padded number, so hashing costs the same. */
    private static byte[] keyName(int n) {
        return String.format("key:%012d", n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void setThroughput(byte[] value) {
        byte[][] names = keyNames(KEY_RANGE);
        int[] order = new Random(1).ints(SETS, 0, KEY_RANGE).toArray();
        long[] nanos = timedRounds(() -> {
            StringCommands strings = new StringCommands(new Keyspace());
            byte[][] keys = decoded(names, order);
            return () -> {
                for (int i = 0; i < SETS; i++) {
                    strings.set(NOW, keys[i], value.clone());
                }
            };
        });
        System.out.printf("SET x %,d over %,d keys, 64-byte values, CPU: median %.0f ms (%.0f ns/SET, %,.0f SET/s),"
                        + " best %.0f ms, worst %.0f ms%n", SETS, KEY_RANGE, nanos[ROUNDS / 2] / 1e6,
                (double) nanos[ROUNDS / 2] / SETS, SETS / (nanos[ROUNDS / 2] / 1e9), nanos[0] / 1e6,
                nanos[ROUNDS - 1] / 1e6);
    }

    /**
     * Times ROUNDS runs after two warm-ups, sorted; {@code prepare} sets up each run's fresh state
     * before the clock starts and returns the run. Timed in the thread's CPU time, which a shared
     * machine's other load disturbs far less than the wall clock (the collector's threads are not in it).
     */
    private static long[] timedRounds(Supplier<Runnable> prepare) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[ROUNDS];
        for (int round = -2; round < ROUNDS; round++) {
            Runnable run = prepare.get();
            long start = threads.getCurrentThreadCpuTime();
            run.run();
            long took = threads.getCurrentThreadCpuTime() - start;
            if (round >= 0) {
                nanos[round] = took;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /**
     * A fresh copy of each command's key, made before the clock starts: in the server the decoder
     * allocates a command's bytes on another thread, so a stored key never sits beside the entry that
     * holds it (a copy made inside the loop would, and would hide the cost of reaching it).
     */
    private static byte[][] decoded(byte[][] names, int[] order) {
        byte[][] keys = new byte[order.length][];
        for (int i = 0; i < order.length; i++) {
            keys[i] = names[order[i]].clone();
        }
        return keys;
    }

    /** redis-benchmark's HSET: one hash, fields "element:" and a zero-padded number. */
    private static void hsetThroughput(byte[] value) {
        byte[][] fields = new byte[KEY_RANGE][];
        for (int i = 0; i < KEY_RANGE; i++) {
            fields[i] = String.format("element:%012d", i).getBytes(StandardCharsets.US_ASCII);
        }
        byte[] key = "myhash".getBytes(StandardCharsets.US_ASCII);
        int[] order = new Random(1).ints(SETS, 0, KEY_RANGE).toArray();
        long[] nanos = timedRounds(() -> {
            HashCommands hashes = new HashCommands(new Keyspace());
            byte[][] decodedFields = decoded(fields, order);
            return () -> {
                for (int i = 0; i < SETS; i++) {
                    hashes.hset(NOW, key, decodedFields[i], value.clone());
                }
            };
        });
        System.out.printf("HSET x %,d over %,d fields of one hash, 64-byte values, CPU: median %.0f ms (%.0f ns/HSET),"
                        + " best %.0f ms, worst %.0f ms%n", SETS, KEY_RANGE, nanos[ROUNDS / 2] / 1e6,
                (double) nanos[ROUNDS / 2] / SETS, nanos[0] / 1e6, nanos[ROUNDS - 1] / 1e6);
    }

    /**
     * The slowest single SET while one keyspace grows to a million keys: what a resize stalls. Timed
     * in the thread's own CPU time, because on a shared machine wall-clock maxima are the scheduler's
     * and the collector's (both reported beside it, for what they are worth).
     */
    private static void growthStall(byte[] value) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[][] names = keyNames(BIG_KEYSPACE);
        for (int round = 0; round < 3; round++) {
            StringCommands strings = new StringCommands(new Keyspace());
            long worstCpu = 0;
            long worstWall = 0;
            int cpuOver100Micros = 0;
            for (int i = 0; i < BIG_KEYSPACE; i++) {
                byte[] fresh = value.clone();
                long wall = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                strings.set(NOW, names[i], fresh);
                long tookCpu = threads.getCurrentThreadCpuTime() - cpu;
                worstWall = Math.max(worstWall, System.nanoTime() - wall);
                worstCpu = Math.max(worstCpu, tookCpu);
                if (tookCpu > 100_000) {
                    cpuOver100Micros++;
                }
            }
            System.out.printf("growing to %,d keys (round %d): slowest SET %.3f ms CPU (SETs over 0.1 ms CPU: %d),"
                            + " %.1f ms wall%n", BIG_KEYSPACE, round, worstCpu / 1e6, cpuOver100Micros,
                    worstWall / 1e6);
        }
    }

    /** For scale: the same growth in a java.util.HashMap, which rehashes everything at each doubling. */
    private static void hashMapGrowthStall(byte[] value) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[][] names = keyNames(BIG_KEYSPACE);
        for (int round = 0; round < 2; round++) {
            Map<Key, StoredValue> map = new HashMap<>();
            long worstCpu = 0;
            for (int i = 0; i < BIG_KEYSPACE; i++) {
                StoredValue fresh = StoredValue.persistent(value.clone());
                Key key = Key.of(names[i]);
                long cpu = threads.getCurrentThreadCpuTime();
                map.put(key, fresh);
                worstCpu = Math.max(worstCpu, threads.getCurrentThreadCpuTime() - cpu);
            }
            System.out.printf("  for scale, java.util.HashMap growing to %,d keys (round %d): slowest put %.3f ms CPU%n",
                    BIG_KEYSPACE, round, worstCpu / 1e6);
        }
    }

    private static byte[][] keyNames(int count) {
        byte[][] names = new byte[count][];
        for (int i = 0; i < count; i++) {
            names[i] = keyName(i);
        }
        return names;
    }

    private static void capture(byte[] value) throws Exception {
        Keyspace keyspace = new Keyspace();
        StringCommands strings = new StringCommands(keyspace);
        byte[][] names = keyNames(BIG_KEYSPACE);
        for (int i = 0; i < BIG_KEYSPACE; i++) {
            strings.set(NOW, names[i], value.clone());
        }
        long[] nanos = new long[ROUNDS];
        Random random = new Random(2);
        for (int round = -2; round < ROUNDS; round++) {
            long start = System.nanoTime();
            KeyspaceSnapshot snapshot = keyspace.capture();
            long took = System.nanoTime() - start;
            // the runtime streams from another thread while the apply thread keeps writing
            CompletableFuture<long[]> streamed = CompletableFuture.supplyAsync(() -> {
                long streamStart = System.nanoTime();
                long size = stream(snapshot);
                return new long[] {size, System.nanoTime() - streamStart};
            });
            long writesStart = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                strings.set(NOW, names[random.nextInt(BIG_KEYSPACE)], value.clone());
            }
            long writes = System.nanoTime() - writesStart;
            long[] sizeAndNanos = streamed.get();
            if (round >= 0) {
                nanos[round] = took;
                System.out.printf("  capture %d: %.3f ms on the apply thread; 100,000 SETs meanwhile %.0f ms;"
                        + " snapshot %,d bytes streamed in %.0f ms%n", round, took / 1e6, writes / 1e6,
                        sizeAndNanos[0], sizeAndNanos[1] / 1e6);
            }
        }
        Arrays.sort(nanos);
        System.out.printf("capture of %,d keys: median %.3f ms, best %.3f ms, worst %.3f ms%n", BIG_KEYSPACE,
                nanos[ROUNDS / 2] / 1e6, nanos[0] / 1e6, nanos[ROUNDS - 1] / 1e6);
    }

    private static long stream(KeyspaceSnapshot snapshot) {
        CountingSink sink = new CountingSink();
        try {
            snapshot.writeTo(sink);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sink.count;
    }

    private static final class CountingSink extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
