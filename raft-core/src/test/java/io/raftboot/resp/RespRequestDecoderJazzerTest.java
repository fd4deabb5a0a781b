package io.raftboot.resp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raftboot.fuzz.AllocationMeter;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer target for the RESP request decoder, the first code every client byte reaches. Runs its
 * kept inputs in every build; {@code scripts/fuzz.sh} fuzzes it. The seeded mutation tests in
 * {@link RespDecoderFuzzTest} state the same contract.
 */
class RespRequestDecoderJazzerTest {
    private static final RespLimits LIMITS = RespLimits.DEFAULTS.withMaxBulkLength(1000).withMaxArguments(50)
            .withMaxInlineLength(200);

    /**
     * The first input byte picks how the rest is split into reads. Whatever the bytes, the decoder
     * emits commands within the limits and at most one protocol error, last; it never throws; the
     * split does not change what it emits; and, with the default limits (64 MB bulk strings), it
     * allocates in proportion to the input even when a header declares a large bulk string.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeArbitraryBytesInAnySplit(byte[] input) {
        if (input.length == 0) {
            assertThat(decode(LIMITS, input, 0, Integer.MAX_VALUE)).isEmpty();
            return;
        }
        int pieceSeed = input[0] & 0xFF;
        List<String> whole = decode(LIMITS, input, 1, Integer.MAX_VALUE);
        List<String> split = decode(LIMITS, input, 1, 1 + pieceSeed % 17);
        assertThat(split).isEqualTo(whole);
        for (int i = 0; i < whole.size(); i++) {
            if (whole.get(i).startsWith("error ")) {
                assertThat(i).as("a protocol error is the last output").isEqualTo(whole.size() - 1);
                assertThat(whole.get(i)).startsWith("error Protocol error: ");
            }
        }
        // per input byte: the channel's own cost of a read as small as one byte, beyond the decoder's
        AllocationMeter.assertProportional(input.length, 1024,
                () -> decode(RespLimits.DEFAULTS, input, 1, 1 + pieceSeed % 17));
    }

    /** What the decoder emits for {@code input[from..]} fed in pieces of {@code piece} bytes, rendered. */
    private static List<String> decode(RespLimits limits, byte[] input, int from, int piece) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits, true));
        List<String> out = new ArrayList<>();
        try {
            for (int pos = from; pos < input.length; ) {
                int n = Math.min(piece, input.length - pos);
                channel.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
                pos += n;
            }
            channel.checkException();
            Object msg;
            while ((msg = channel.readInbound()) != null) {
                if (msg instanceof RespProtocolError error) {
                    out.add("error " + error.message());
                } else {
                    RespCommand command = (RespCommand) msg;
                    assertThat(command.argCount()).isBetween(1, limits.maxArguments());
                    StringBuilder text = new StringBuilder(command.inline() ? "inline" : "multibulk");
                    for (byte[] arg : command.args()) {
                        assertThat(arg.length).isLessThanOrEqualTo((int) limits.maxBulkLength());
                        text.append(' ').append(java.util.HexFormat.of().formatHex(arg));
                    }
                    out.add(text.toString());
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return out;
    }
}
