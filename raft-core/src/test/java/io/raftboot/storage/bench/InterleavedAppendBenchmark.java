package io.raftboot.storage.bench;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.storage.LogStore;
import io.raftboot.storage.LogStoreKind;
import io.raftboot.storage.LogStores;
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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The log and the raw baseline side by side, alternating operation by operation in one JVM on the
 * same file system: one raw write of the batch's bytes plus {@code force(false)}, then one log
 * append of the batch plus {@code sync()} (the order flips every operation). The counters hold the
 * time spent in each, so the ratio is immune to the fsync rate drifting during the run (shared
 * disks, VMs): rate(log) / rate(raw) = rawNanos / logNanos.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class InterleavedAppendBenchmark {
    @Param({"1", "16", "256"})
    public int batch;

    @Param({"SEGMENTED", "MAPDB"})
    public LogStoreKind store;

    private static final int RECORD = 8 + 17 + 128;
    private final byte[] payload = new byte[128];
    private Path dir;
    private LogStore log;
    private long next;
    private FileChannel raw;
    private ByteBuffer rawBuffer;
    private long rawPosition;
    private boolean rawFirst;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.freshDir("interleaved-" + store + "-" + batch);
        log = LogStores.open(store, dir.resolve("log"));
        next = log.lastIndex() + 1;
        raw = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        rawBuffer = ByteBuffer.allocateDirect(RECORD * batch);
    }

    @Setup(Level.Iteration)
    public void restart() throws IOException {
        log.reset(next - 1);
        raw.truncate(0);
        rawPosition = 0;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        raw.close();
        BenchFiles.delete(dir);
    }

    @Benchmark
    public void rawAndLog(InterleavedCounters counters) throws IOException {
        rawFirst = !rawFirst;
        if (rawFirst) {
            counters.rawNanos += timeRaw();
            counters.logNanos += timeLog();
        } else {
            counters.logNanos += timeLog();
            counters.rawNanos += timeRaw();
        }
        counters.entriesEach += batch;
    }

    private long timeRaw() throws IOException {
        long start = System.nanoTime();
        rawBuffer.clear();
        while (rawBuffer.hasRemaining()) {
            rawPosition += raw.write(rawBuffer, rawPosition);
        }
        raw.force(false);
        return System.nanoTime() - start;
    }

    private long timeLog() {
        long start = System.nanoTime();
        List<Entry> entries = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            entries.add(new Entry(next + i, 1, EntryType.COMMAND, payload));
        }
        log.append(entries);
        log.sync();
        next += batch;
        return System.nanoTime() - start;
    }
}
