package io.raftboot.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespLimits;
import io.raftboot.resp.RespRequestParser;
import io.raftboot.resp.RespValue;
import io.raftboot.transport.MessageCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the hot codec paths: decoding a pipelined batch of SET commands in redis-benchmark's
 * shape ({@code -r 100000 -d 64}: {@code SET key:000000012345 <64 bytes>}), encoding the replies to
 * such a batch ({@code +OK} for SETs, 64-byte bulks for GETs), encoding a mix of common replies, and
 * the peer message codec for an AppendRequest of 64 entries. For the batch benchmarks one
 * operation is one batch of {@code commands} (the pipeline depth): commands/s = score x commands.
 * Run: {@code scripts/bench-engine.sh codec}, or
 * {@code java -cp <test classpath> io.raftboot.bench.RespCodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RespCodecBenchmark {
    /** A pipelined batch of {@code commands} SETs, and a buffer for the replies to it. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"1", "16", "64"})
        public int commands;

        ByteBuf input;
        ByteBuf output;
        final RespValue value = RespValue.bulk("x".repeat(64));

        @Setup
        public void setUp() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < commands; i++) {
                String key = String.format(Locale.ROOT, "key:%012d", random.nextInt(100_000));
                bytes.writeBytes(RespEncoder.toBytes(RespValue.command("SET", key, "x".repeat(64))));
            }
            input = Unpooled.directBuffer().writeBytes(bytes.toByteArray());
            output = Unpooled.directBuffer(commands * 80);
        }
    }

    private ByteBuf output;
    private Message.AppendRequest append;
    private byte[] encodedAppend;
    private final RespValue getReply = RespValue.bulk("x".repeat(64));

    @Setup
    public void setUp() {
        output = Unpooled.directBuffer(4096);
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 64; i++) {
            entries.add(new Entry(1000 + i, 7, EntryType.COMMAND, ("SET key:" + i + " " + "x".repeat(64))
                    .getBytes(StandardCharsets.US_ASCII)));
        }
        append = new Message.AppendRequest("node-1", "node-2", 7, 1000, 7, entries, 990);
        encodedAppend = MessageCodec.encode(append);
    }

    /** One op = one pipelined batch of SETs decoded into commands (what the event loop does per read). */
    @Benchmark
    public void decodeSetBatch(Batch batch, Blackhole hole) {
        RespRequestParser parser = new RespRequestParser(RespLimits.DEFAULTS);
        batch.input.readerIndex(0);
        RespCommand command;
        while ((command = parser.next(batch.input)) != null) {
            hole.consume(command);
        }
    }

    /** One op = the {@code +OK} replies to one batch of SETs, encoded into one buffer. */
    @Benchmark
    public void encodeSetReplies(Batch batch, Blackhole hole) {
        batch.output.clear();
        for (int i = 0; i < batch.commands; i++) {
            RespEncoder.encode(RespValue.OK, batch.output);
        }
        hole.consume(batch.output.writerIndex());
    }

    /** One op = the 64-byte bulk replies to one batch of GETs, encoded into one buffer. */
    @Benchmark
    public void encodeGetReplies(Batch batch, Blackhole hole) {
        batch.output.clear();
        for (int i = 0; i < batch.commands; i++) {
            RespEncoder.encode(batch.value, batch.output);
        }
        hole.consume(batch.output.writerIndex());
    }

    /** One op = three replies encoded (OK, integer, 64-byte bulk). */
    @Benchmark
    public void encodeCommonReplies(Blackhole hole) {
        output.clear();
        RespEncoder.encode(RespValue.OK, output);
        RespEncoder.encode(RespValue.integer(42), output);
        RespEncoder.encode(getReply, output);
        hole.consume(output.writerIndex());
    }

    @Benchmark
    public byte[] encodeAppendOf64Entries() {
        return MessageCodec.encode(append);
    }

    @Benchmark
    public Message decodeAppendOf64Entries() {
        return MessageCodec.decode(encodedAppend);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RespCodecBenchmark.class.getSimpleName()).build()).run();
    }
}
