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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the log writer does per group at {@code raft.durability: high}: append a batch of 128-byte
 * entries, then one fsync. One operation is one batch; the {@code entries} counter gives entries/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class LogAppendBenchmark {
    @Param({"1", "16", "256"})
    public int batch;

    @Param({"SEGMENTED", "MAPDB"})
    public LogStoreKind store;

    private final byte[] payload = new byte[128];
    private Path dir;
    private LogStore log;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.freshDir("log-" + store + "-" + batch);
        log = LogStores.open(store, dir);
        next = log.lastIndex() + 1;
    }

    /** Keeps the files from growing without bound across iterations. */
    @Setup(Level.Iteration)
    public void restart() {
        log.reset(next - 1);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        BenchFiles.delete(dir);
    }

    @Benchmark
    public void appendAndSync(EntryCounter counter) {
        List<Entry> entries = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            entries.add(new Entry(next + i, 1, EntryType.COMMAND, payload));
        }
        log.append(entries);
        log.sync();
        next += batch;
        counter.entries += batch;
    }
}
