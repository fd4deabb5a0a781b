package io.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplySequencerTest {

    private static Object next(EmbeddedChannel channel) {
        return channel.readOutbound();
    }

    /** Everything written so far, as the bytes a client reads (small replies leave pre-encoded, in one buffer). */
    private static String written(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof ByteBuf buffer) {
                byte[] bytes = new byte[buffer.readableBytes()];
                buffer.readBytes(bytes);
                buffer.release();
                out.writeBytes(bytes);
            } else {
                out.writeBytes(RespEncoder.toBytes((RespValue) message));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void repliesLeaveInRequestOrderWhateverOrderTheyCompleteIn() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplySequencer sequencer = new ReplySequencer(channel);
        ReplySequencer.Slot first = sequencer.reserve();
        ReplySequencer.Slot second = sequencer.reserve();
        ReplySequencer.Slot third = sequencer.reserve();
        third.complete(RespValue.integer(3));
        second.complete(RespValue.integer(2));
        channel.runPendingTasks();
        assertThat(next(channel)).as("nothing may overtake the first reply").isNull();
        first.complete(RespValue.integer(1));
        channel.runPendingTasks();
        assertThat(written(channel)).isEqualTo(":1\r\n:2\r\n:3\r\n");
        assertThat(sequencer.pending()).isZero();
    }

    @Test
    void aLargeReplyBetweenSmallOnesKeepsItsPlace() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplySequencer sequencer = new ReplySequencer(channel);
        byte[] value = new byte[64 * 1024];
        Arrays.fill(value, (byte) 'v');
        // the small ones leave pre-encoded in a batch buffer, the large one from its own array, in order
        for (RespValue reply : List.of(RespValue.OK, RespValue.bulk(value), RespValue.integer(7))) {
            sequencer.reserve().complete(reply);
        }
        channel.runPendingTasks();
        assertThat(written(channel)).isEqualTo("+OK\r\n$65536\r\n" + "v".repeat(65536) + "\r\n:7\r\n");
    }

    @Test
    void aReplyCompletedTwiceIsWrittenOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplySequencer sequencer = new ReplySequencer(channel);
        ReplySequencer.Slot slot = sequencer.reserve();
        slot.complete(RespValue.OK);
        slot.complete(RespValue.error("ERR late"));
        channel.runPendingTasks();
        assertThat(written(channel)).isEqualTo("+OK\r\n");
    }

    @Test
    void quitClosesTheConnectionAfterItsReplyAndDropsLaterOnes() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplySequencer sequencer = new ReplySequencer(channel);
        ReplySequencer.Slot quit = sequencer.reserve();
        ReplySequencer.Slot after = sequencer.reserve();
        quit.completeAndClose(RespValue.OK);
        after.complete(RespValue.PONG);
        channel.runPendingTasks();
        assertThat(next(channel)).isEqualTo(RespValue.OK);
        assertThat(channel.isOpen()).isFalse();
    }
}
