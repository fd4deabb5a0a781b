package io.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.raftboot.resp.RespValue;
import org.junit.jupiter.api.Test;

class ReplySequencerTest {

    private static Object next(EmbeddedChannel channel) {
        return channel.readOutbound();
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
        assertThat(next(channel)).isEqualTo(RespValue.integer(1));
        assertThat(next(channel)).isEqualTo(RespValue.integer(2));
        assertThat(next(channel)).isEqualTo(RespValue.integer(3));
        assertThat(sequencer.pending()).isZero();
    }

    @Test
    void aReplyCompletedTwiceIsWrittenOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReplySequencer sequencer = new ReplySequencer(channel);
        ReplySequencer.Slot slot = sequencer.reserve();
        slot.complete(RespValue.OK);
        slot.complete(RespValue.error("ERR late"));
        channel.runPendingTasks();
        assertThat(next(channel)).isEqualTo(RespValue.OK);
        assertThat(next(channel)).isNull();
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
