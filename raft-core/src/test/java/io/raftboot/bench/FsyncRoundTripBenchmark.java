package io.raftboot.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The floor that {@link EngineBenchmark} at one request in flight is judged against (issue 12: "at 1
 * in flight, latency no more than one fsync plus two loopback round trips"), measured in the same
 * JVM settings and on the same file system: one operation writes a 96-byte record into a file whose
 * space was written with zeros beforehand (as the log's segments are) and forces it, then makes two
 * round trips of a 96-byte message over loopback TCP to an echo thread.
 *
 * <p>Latencies are printed at the end of the trial and, with {@code -Dbench.out=<file>}, appended to
 * that file in {@link EngineBenchmark}'s CSV format, so that scripts/bench-engine.sh can put both
 * side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class FsyncRoundTripBenchmark {
    /** About one SET of a 64-byte value with the log's framing. */
    private static final int RECORD_BYTES = 96;
    private static final int FILE_BYTES = 16 << 20;

    private Path file;
    private FileChannel log;
    private long position;
    private ServerSocketChannel listener;
    private Thread echo;
    private SocketChannel client;
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);
    private final ByteBuffer message = ByteBuffer.allocateDirect(RECORD_BYTES);
    private volatile boolean recording;
    private final EngineBenchmark.LatencySamples samples = new EngineBenchmark.LatencySamples();

    @Setup(Level.Trial)
    public void open() throws IOException {
        file = Files.createTempFile("fsync-floor", ".log");
        log = FileChannel.open(file, StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
            zeros.clear();
            log.write(zeros, at);
        }
        log.force(true);
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        echo = new Thread(this::echo, "echo");
        echo.setDaemon(true);
        echo.start();
        client = SocketChannel.open(listener.getLocalAddress());
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private void echo() {
        try (SocketChannel peer = listener.accept()) {
            peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer buffer = ByteBuffer.allocateDirect(RECORD_BYTES);
            while (true) {
                buffer.clear();
                readFully(peer, buffer);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    peer.write(buffer);
                }
            }
        } catch (IOException closed) {
            // the trial ended
        }
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        recording = iteration.getType() == IterationType.MEASUREMENT;
    }

    @Benchmark
    public void fsyncAndTwoRoundTrips() throws IOException {
        long started = System.nanoTime();
        record.clear();
        if (position + RECORD_BYTES > FILE_BYTES) {
            position = 0;
        }
        log.write(record, position);
        position += RECORD_BYTES;
        log.force(false);
        roundTrip();
        roundTrip();
        if (recording) {
            samples.add(System.nanoTime() - started);
        }
    }

    private void roundTrip() throws IOException {
        message.clear();
        while (message.hasRemaining()) {
            client.write(message);
        }
        message.clear();
        readFully(client, message);
    }

    private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("closed");
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            samples.report("of one fsync and two loopback round trips", FsyncRoundTripBenchmark.class, "HIGH", 1);
        } finally {
            client.close();
            listener.close();
            log.close();
            Files.deleteIfExists(file);
        }
    }
}
