package io.raftboot.resp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutation fuzzing: valid pipelines with bytes flipped, inserted, deleted, fed in random
 * pieces. Whatever comes in, the decoder yields commands and at most one protocol error, last,
 * and never throws. A failing seed is printed and replays exactly.
 */
class RespDecoderFuzzTest {
    private static final String[] FRAGMENTS = {"*", "$", "\r\n", "\r", "\n", "-1", "0", "3", "99999999999", "\"",
            "'", "\\x4", " ", "PING", "SET", "a"};

    @Test
    void mutatedInputNeverThrowsAndStopsAtTheFirstError() {
        RespLimits limits = RespLimits.DEFAULTS.withMaxBulkLength(1000).withMaxArguments(50).withMaxInlineLength(200);
        for (long seed = 1; seed <= 3000; seed++) {
            Random random = new Random(seed);
            byte[] input = mutate(validStream(random), random);
            EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits, true));
            try {
                int pos = 0;
                while (pos < input.length) {
                    int n = Math.min(input.length - pos, 1 + random.nextInt(40));
                    channel.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
                    pos += n;
                }
                boolean sawError = false;
                Object msg;
                while ((msg = channel.readInbound()) != null) {
                    assertThat(sawError).as("seed %d: output after a protocol error", seed).isFalse();
                    if (msg instanceof RespProtocolError error) {
                        sawError = true;
                        assertThat(error.message()).as("seed %d", seed).startsWith("Protocol error: ");
                    } else {
                        RespCommand command = (RespCommand) msg;
                        assertThat(command.argCount()).as("seed %d", seed).isBetween(1, 50);
                    }
                }
            } catch (RuntimeException | AssertionError e) {
                fail("seed " + seed + " failed", e);
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void randomGarbageOnThePlainParserOnlyRaisesProtocolErrors() {
        for (long seed = 1; seed <= 3000; seed++) {
            Random random = new Random(seed);
            byte[] input = new byte[random.nextInt(300)];
            random.nextBytes(input);
            RespRequestParser parser = new RespRequestParser(RespLimits.DEFAULTS.withMaxInlineLength(100));
            var buffer = Unpooled.wrappedBuffer(input);
            try {
                while (parser.next(buffer) != null) {
                    assertThat(buffer.readerIndex()).isLessThanOrEqualTo(input.length);
                }
            } catch (RespProtocolException expected) {
                assertThat(expected.getMessage()).startsWith("Protocol error: ");
            } catch (RuntimeException e) {
                fail("seed " + seed + " threw " + e, e);
            }
        }
    }

    private static byte[] validStream(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int commands = 1 + random.nextInt(6);
        for (int c = 0; c < commands; c++) {
            if (random.nextBoolean()) {
                byte[][] args = new byte[1 + random.nextInt(4)][];
                for (int i = 0; i < args.length; i++) {
                    args[i] = new byte[random.nextInt(20)];
                    random.nextBytes(args[i]);
                }
                args[0] = "SET".getBytes(StandardCharsets.US_ASCII);
                out.writeBytes(RespEncoder.toBytes(RespValue.command(args)));
            } else {
                out.writeBytes("set k \"v a\\x41\" 'q'\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static byte[] mutate(byte[] input, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : input) {
            int dice = random.nextInt(100);
            if (dice < 2) {
                continue;
            }
            if (dice < 4) {
                out.write(random.nextInt(256));
            } else if (dice < 6) {
                out.writeBytes(FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.US_ASCII));
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
