package io.raftboot.storage.bench;

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
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the cheapest durable append the JDK offers on this file system, an appending
 * positional write of the same bytes a log batch takes (153 bytes per 128-byte entry with framing)
 * followed by {@code FileChannel.force(false)}. No framing, no checksum, no index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class RawFsyncBenchmark {
    /** Same as LogAppendBenchmark's batches: entries whose record bytes one write carries. */
    @Param({"1", "16", "256"})
    public int batch;

    private static final int RECORD = 8 + 17 + 128;
    private Path dir;
    private FileChannel channel;
    private ByteBuffer buffer;
    private long position;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.freshDir("raw-" + batch);
        channel = FileChannel.open(dir.resolve("raw.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        buffer = ByteBuffer.allocateDirect(RECORD * batch);
    }

    @Setup(Level.Iteration)
    public void restart() throws IOException {
        channel.truncate(0);
        position = 0;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        BenchFiles.delete(dir);
    }

    @Benchmark
    public void writeAndForce(EntryCounter counter) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        channel.force(false);
        counter.entries += batch;
    }
}
