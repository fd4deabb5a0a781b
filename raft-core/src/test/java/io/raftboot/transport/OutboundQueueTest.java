package io.raftboot.transport;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundQueueTest {

    private static Message append(long index, int payload) {
        return new Message.AppendRequest("a", "b", 1, index - 1, 1,
                List.of(new Entry(index, 1, EntryType.COMMAND, new byte[payload])), 0);
    }

    @Test
    void dropsTheOldestWhenOverItsByteBudget() {
        OutboundQueue queue = new OutboundQueue(3 * MessageCodec.estimatedSize(append(1, 1000)));
        for (long i = 1; i <= 5; i++) {
            queue.add(append(i, 1000));
        }
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.dropped()).isEqualTo(2);
        assertThat(queue.takeBatch(Integer.MAX_VALUE)).containsExactly(append(3, 1000), append(4, 1000), append(5, 1000));
    }

    @Test
    void keepsOneMessageEvenIfItAloneExceedsTheBudget() {
        OutboundQueue queue = new OutboundQueue(10);
        queue.add(append(1, 5000));
        assertThat(queue.takeBatch(10)).containsExactly(append(1, 5000));
    }

    @Test
    void aNewerHeartbeatReplacesAnOlderOneAtTheEnd() {
        OutboundQueue queue = new OutboundQueue(1 << 20);
        Message first = new Message.Heartbeat("a", "b", 1, 1, 1);
        Message vote = new Message.VoteResponse("a", "b", 1, true, false);
        Message second = new Message.Heartbeat("a", "b", 1, 2, 2);
        queue.add(first);
        queue.add(vote);
        queue.add(second);
        assertThat(queue.takeBatch(Integer.MAX_VALUE)).containsExactly(vote, second);
        queue.add(first);
        assertThat(queue.takeBatch(Integer.MAX_VALUE)).containsExactly(first);
    }

    @Test
    void batchesRespectTheirBudgetButAlwaysTakeOne() {
        OutboundQueue queue = new OutboundQueue(1 << 20);
        for (long i = 1; i <= 4; i++) {
            queue.add(append(i, 100));
        }
        int one = MessageCodec.estimatedSize(append(1, 100));
        assertThat(queue.takeBatch(2 * one)).hasSize(2);
        assertThat(queue.takeBatch(1)).hasSize(1);
        assertThat(queue.takeBatch(1)).hasSize(1);
        assertThat(queue.isEmpty()).isTrue();
    }
}
