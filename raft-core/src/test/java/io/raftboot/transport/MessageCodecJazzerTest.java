package io.raftboot.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.raftboot.consensus.Message;
import io.raftboot.fuzz.AllocationMeter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer target for the peer message codec: the payload of every {@code RAFT.MSG} and
 * {@code RAFT.SNAPBEGIN} a connection sends once it passed the handshake. Runs its kept inputs in
 * every build; {@code scripts/fuzz.sh} fuzzes it.
 */
class MessageCodecJazzerTest {

    /**
     * Arbitrary bytes either decode to a batch of messages that re-encodes to the same messages, or
     * are refused with {@link IllegalArgumentException} (the documented error); nothing else
     * escapes, and allocation stays proportional to the input whatever the declared counts.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeArbitraryBytes(byte[] data) {
        List<Message> batch;
        try {
            batch = MessageCodec.decodeBatch(data);
        } catch (IllegalArgumentException refused) {
            assertAllocationProportional(data);
            return;
        }
        assertAllocationProportional(data);
        byte[] encoded = MessageCodec.encodeBatch(batch);
        assertThat(MessageCodec.decodeBatch(encoded)).isEqualTo(batch);
        if (batch.size() == 1) {
            assertThat(MessageCodec.decode(data)).isEqualTo(batch.get(0));
        }
    }

    private static void assertAllocationProportional(byte[] data) {
        AllocationMeter.assertProportional(data.length, 64, () -> MessageCodec.decodeBatch(data));
    }
}
