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
 * The segmented log's own cost without fsync (what {@code low} and, between its syncs, {@code medium}
 * pay): framing, CRC32C, one write per batch into the page cache, index update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LogAppendNoSyncBenchmark {
    @Param({"1", "16", "256"})
    public int batch;

    private final byte[] payload = new byte[128];
    private Path dir;
    private LogStore log;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.freshDir("nosync-" + batch);
        log = LogStores.open(LogStoreKind.SEGMENTED, dir);
        next = 1;
    }

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
    public void append(EntryCounter counter) {
        List<Entry> entries = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            entries.add(new Entry(next + i, 1, EntryType.COMMAND, payload));
        }
        log.append(entries);
        next += batch;
        counter.entries += batch;
    }
}
