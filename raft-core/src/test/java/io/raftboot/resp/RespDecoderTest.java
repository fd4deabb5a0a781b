package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RespDecoderTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Object> decode(RespLimits limits, byte[]... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits, true));
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        List<Object> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add(msg);
        }
        channel.finishAndReleaseAll();
        return out;
    }

    private static List<Object> decode(String... chunks) {
        byte[][] bytes = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            bytes[i] = ascii(chunks[i]);
        }
        return decode(RespLimits.DEFAULTS, bytes);
    }

    private static RespCommand inline(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = ascii(args[i]);
        }
        return new RespCommand(bytes, true);
    }

    private static final String STREAM = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n"
            + "PING\r\n"
            + "*1\r\n$4\r\nPING\r\n"
            + "\r\n"
            + "*0\r\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
            + "get  \"a b\" 'c d'\n"
            + "*-1\r\n"
            + "*2\r\n$3\r\nGET\r\n$10\r\n\r\n\r\n\r\n\r\n\r\n\r\n";

    private static final List<RespCommand> EXPECTED = List.of(
            new RespCommand(new byte[][]{ascii("SET"), ascii("key"), ascii("va\r\nl")}, false),
            inline("PING"),
            RespCommand.of("PING"),
            new RespCommand(new byte[][]{ascii("ECHO"), new byte[0]}, false),
            inline("get", "a b", "c d"),
            new RespCommand(new byte[][]{ascii("GET"), ascii("\r\n\r\n\r\n\r\n\r\n")}, false));

    @Test
    void decodesAPipelineInOneRead() {
        assertThat(decode(STREAM)).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void decodesTheSameWhateverTheSplitIntoTwoOrThreeReads() {
        byte[] stream = ascii(STREAM);
        for (int i = 0; i <= stream.length; i++) {
            for (int j = i; j <= stream.length; j += 7) {
                assertThat(decode(RespLimits.DEFAULTS, slice(stream, 0, i), slice(stream, i, j), slice(stream, j, stream.length)))
                        .as("split at %d and %d", i, j)
                        .containsExactlyElementsOf(EXPECTED);
            }
        }
    }

    @Test
    void decodesTheSameFedOneByteAtATime() {
        byte[] stream = ascii(STREAM);
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[]{stream[i]};
        }
        assertThat(decode(RespLimits.DEFAULTS, bytes)).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void bulkStringsAreBinarySafe() {
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] request = RespEncoder.toBytes(RespValue.command(ascii("SET"), ascii("k"), payload));
        List<Object> out = decode(RespLimits.DEFAULTS, request);
        assertThat(out).hasSize(1);
        RespCommand command = (RespCommand) out.get(0);
        assertThat(command.arg(2)).isEqualTo(payload);
        assertThat(command.inline()).isFalse();
        assertThat(command.name()).isEqualTo("SET");
    }

    @Test
    void commandNamesAreUpperCasedAsAscii() {
        RespCommand command = (RespCommand) decode("*1\r\n$7\r\nrAfTlEaDeR\r\n".replace("$7", "$10")).get(0);
        assertThat(command.name()).isEqualTo("RAFTLEADER");
        assertThat(command.isNamed("RAFTLEADER")).isTrue();
        assertThat(command.isNamed("RAFTLEADERS")).isFalse();
    }

    @Test
    void inlineCommandsHonourRedisQuoting() {
        assertThat(decode("set k \"a\\x41\\n\\\"q\" 'it\\'s'\r\n"))
                .containsExactly(inline("set", "k", "aA\n\"q", "it's"));
        assertThat(decode("  echo\t\"\"  ''\r\n")).containsExactly(inline("echo", "", ""));
        assertThat(decode("   \r\n\n\r\n")).isEmpty();
    }

    @Test
    void unbalancedQuotesAreAProtocolError() {
        assertThat(decode("set k \"abc\r\nPING\r\n"))
                .containsExactly(new RespProtocolError("Protocol error: unbalanced quotes in request"));
        assertThat(decode("set k \"a\"b\r\n"))
                .containsExactly(new RespProtocolError("Protocol error: unbalanced quotes in request"));
        assertThat(decode("set k 'a\r\n"))
                .containsExactly(new RespProtocolError("Protocol error: unbalanced quotes in request"));
    }

    @Test
    void hostileMultibulkLengthsAreRefused() {
        RespProtocolError invalid = new RespProtocolError("Protocol error: invalid multibulk length");
        assertThat(decode("*abc\r\n")).containsExactly(invalid);
        assertThat(decode("*1048577\r\n")).containsExactly(invalid);
        assertThat(decode("*99999999999999999999\r\n")).containsExactly(invalid);
        assertThat(decode("*\r\n")).containsExactly(invalid);
        assertThat(decode("*-5\r\nPING\r\n")).containsExactly(inline("PING"));
    }

    @Test
    void hostileBulkLengthsAreRefused() {
        RespProtocolError invalid = new RespProtocolError("Protocol error: invalid bulk length");
        assertThat(decode("*1\r\n$-1\r\n")).containsExactly(invalid);
        assertThat(decode("*1\r\n$abc\r\n")).containsExactly(invalid);
        assertThat(decode("*1\r\n$67108865\r\n")).containsExactly(invalid);
        assertThat(decode("*1\r\n$999999999999999999\r\n")).containsExactly(invalid);
        assertThat(decode("*1\r\nx3\r\n"))
                .containsExactly(new RespProtocolError("Protocol error: expected '$', got 'x'"));
        assertThat(decode("*1\r\n$3\r\nabcXY"))
                .containsExactly(new RespProtocolError("Protocol error: expected CRLF after bulk string"));
    }

    @Test
    void aDeclaredBulkIsNotAllocatedBeforeItsBytesArrive() {
        RespRequestParser parser = new RespRequestParser(RespLimits.DEFAULTS);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(ascii("*2\r\n$3\r\nSET\r\n$60000000\r\nabc"));
        assertThat(parser.next(in)).isNull();
        // Header lines consumed, the partial bulk left in the buffer: nothing was copied out.
        assertThat(in.readableBytes()).isEqualTo(3);
        in.writeBytes(new byte[60_000_000 - 3]);
        in.writeBytes(ascii("\r\n"));
        RespCommand command = parser.next(in);
        assertThat(command.arg(1)).hasSize(60_000_000);
        in.release();
    }

    @Test
    void limitsAreEnforced() {
        RespLimits small = RespLimits.DEFAULTS.withMaxBulkLength(10).withMaxArguments(3).withMaxInlineLength(20);
        assertThat(decode(small, ascii("*1\r\n$11\r\n")))
                .containsExactly(new RespProtocolError("Protocol error: invalid bulk length"));
        assertThat(decode(small, ascii("*4\r\n")))
                .containsExactly(new RespProtocolError("Protocol error: invalid multibulk length"));
        assertThat(decode(small, ascii("a b c d\r\n")))
                .containsExactly(new RespProtocolError("Protocol error: too many arguments (limit 3)"));
        assertThat(decode(small, ascii("x".repeat(21) + "\r\n")))
                .containsExactly(new RespProtocolError("Protocol error: too big inline request"));
        // No newline at all: refused as soon as more than the limit is buffered, not at the end.
        assertThat(decode(small, ascii("x".repeat(15)), ascii("x".repeat(15))))
                .containsExactly(new RespProtocolError("Protocol error: too big inline request"));
        assertThat(decode(small, ascii("*1\r\n$" + "1".repeat(30))))
                .containsExactly(new RespProtocolError("Protocol error: too big bulk count string"));
        assertThat(decode(small, ascii("a b c\r\n"))).containsExactly(inline("a", "b", "c"));
    }

    @Test
    void aLineOfExactlyTheLimitIsAcceptedWhenItsLfArrivesInALaterRead() {
        RespLimits small = RespLimits.DEFAULTS.withMaxInlineLength(20);
        assertThat(decode(small, ascii("x".repeat(20) + "\r"), ascii("\n"))).containsExactly(inline("x".repeat(20)));
    }

    @Test
    void nothingAfterBadInputIsDecodedAndReadingStops() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(RespLimits.DEFAULTS, true));
        channel.writeInbound(Unpooled.wrappedBuffer(ascii("PING\r\n*1\r\n!\r\nSET a b\r\n")));
        channel.writeInbound(Unpooled.wrappedBuffer(ascii("SET c d\r\n")));
        Object first = channel.readInbound();
        assertThat(first).isEqualTo(inline("PING"));
        RespProtocolError error = channel.readInbound();
        assertThat(error.reply()).isEqualTo(RespValue.error("ERR Protocol error: expected '$', got '!'"));
        Object rest = channel.readInbound();
        assertThat(rest).isNull();
        assertThat(channel.config().isAutoRead()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void protocolErrorIsAnsweredAndTheConnectionClosedAfterTheReply() {
        EmbeddedChannel channel = new EmbeddedChannel(RespEncoder.INSTANCE, new RespDecoder(RespLimits.DEFAULTS, true),
                new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof RespProtocolError error) {
                            error.answerAndClose(ctx);
                        }
                    }
                });
        channel.writeInbound(Unpooled.wrappedBuffer(ascii("*1\r\n$x\r\n")));
        ByteBuf reply = channel.readOutbound();
        assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        reply.release();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void byDefaultTheDecoderAnswersTheErrorItselfAndCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(RespEncoder.INSTANCE, new RespDecoder(RespLimits.DEFAULTS));
        channel.writeInbound(Unpooled.wrappedBuffer(ascii("PING\r\n*2\r\n$3\r\nGET\r\n$-7\r\nPING\r\n")));
        Object first = channel.readInbound();
        assertThat(first).isEqualTo(inline("PING"));
        Object rest = channel.readInbound();
        assertThat(rest).isNull();
        channel.runPendingTasks();
        ByteBuf reply = channel.readOutbound();
        assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        reply.release();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void manyPipelinedCommandsSplitAtRandomDecodeExactly() {
        java.util.Random random = new java.util.Random(42);
        List<byte[][]> commands = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[][] args = new byte[1 + random.nextInt(4)][];
            for (int a = 0; a < args.length; a++) {
                args[a] = new byte[random.nextInt(a == 0 ? 8 : 300) + (a == 0 ? 1 : 0)];
                random.nextBytes(args[a]);
            }
            commands.add(args);
        }
        assertDecodedExactlyWhenSplit(commands, random, 700);
    }

    @Test
    void commandsWithMoreArgumentsThanTheFirstAllocationDecodeExactly() {
        // the parser sizes its argument array by the declared count up to 16 and grows it as more arrive
        java.util.Random random = new java.util.Random(43);
        List<byte[][]> commands = new ArrayList<>();
        for (int count : new int[] {1, 15, 16, 17, 31, 32, 33, 100, 1000}) {
            byte[][] args = new byte[count][];
            for (int a = 0; a < count; a++) {
                args[a] = new byte[1 + random.nextInt(20)];
                random.nextBytes(args[a]);
            }
            commands.add(args);
        }
        // equality compares the whole argument arrays: a slot too many (a null at the end) would differ
        assertDecodedExactlyWhenSplit(commands, random, 50);
    }

    /** Encodes the commands as one stream, feeds it in random chunks of up to {@code maxChunk} bytes. */
    private static void assertDecodedExactlyWhenSplit(List<byte[][]> commands, java.util.Random random, int maxChunk) {
        List<RespCommand> expected = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[][] args : commands) {
            expected.add(new RespCommand(args, false));
            stream.writeBytes(RespEncoder.toBytes(RespValue.command(args)));
        }
        byte[] bytes = stream.toByteArray();
        List<byte[]> chunks = new ArrayList<>();
        for (int pos = 0; pos < bytes.length; ) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(maxChunk));
            chunks.add(slice(bytes, pos, pos + n));
            pos += n;
        }
        assertThat(decode(RespLimits.DEFAULTS, chunks.toArray(new byte[0][]))).containsExactlyElementsOf(expected);
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }
}
