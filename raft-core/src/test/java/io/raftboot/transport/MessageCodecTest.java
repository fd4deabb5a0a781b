package io.raftboot.transport;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class MessageCodecTest {

    @Test
    void everyMessageTypeRoundTrips() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            for (int type = 0; type < RandomMessages.TYPES; type++) {
                Message message = RandomMessages.of(type, random, "node-a", "nöde-b");
                assertThat(MessageCodec.decode(MessageCodec.encode(message))).isEqualTo(message);
            }
        }
    }

    @Test
    void batchesRoundTripInOrder() {
        Random random = new Random(12);
        for (int round = 0; round < 100; round++) {
            List<Message> batch = new ArrayList<>();
            int size = random.nextInt(20);
            for (int i = 0; i < size; i++) {
                batch.add(RandomMessages.any(random, "a", "b"));
            }
            assertThat(MessageCodec.decodeBatch(MessageCodec.encodeBatch(batch))).containsExactlyElementsOf(batch);
        }
    }

    @Test
    void smallNumbersEncodeCompactly() {
        Message heartbeat = new Message.Heartbeat("n1", "n2", 3, 100, 7);
        // version, count, tag, 2+2 id bytes, term, commit, round
        assertThat(MessageCodec.encode(heartbeat)).hasSize(1 + 1 + 1 + 3 + 3 + 1 + 1 + 1);
    }

    @Test
    void everyTruncationIsRejectedWithIllegalArgument() {
        Random random = new Random(13);
        for (int round = 0; round < 40; round++) {
            List<Message> batch = List.of(RandomMessages.any(random, "a", "b"), RandomMessages.any(random, "a", "b"));
            byte[] encoded = MessageCodec.encodeBatch(batch);
            for (int length = 0; length < encoded.length; length++) {
                byte[] truncated = Arrays.copyOf(encoded, length);
                assertThatThrownBy(() -> MessageCodec.decodeBatch(truncated))
                        .as("truncated to %d of %d", length, encoded.length)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void randomGarbageAndMutationsOnlyEverRaiseIllegalArgument() {
        Random random = new Random(14);
        for (int round = 0; round < 20_000; round++) {
            byte[] input;
            if (round % 2 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
                if (input.length > 0 && random.nextBoolean()) {
                    input[0] = MessageCodec.FORMAT_VERSION;
                }
            } else {
                input = MessageCodec.encode(RandomMessages.any(random, "a", "b"));
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                List<Message> decoded = MessageCodec.decodeBatch(input);
                assertThat(MessageCodec.decodeBatch(MessageCodec.encodeBatch(decoded))).isEqualTo(decoded);
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("round " + round + " threw " + e, e);
            }
        }
    }

    @Test
    void hostileDeclaredLengthsAreRefusedWithoutAllocating() {
        // version 1, message count 2^62
        assertThatThrownBy(() -> MessageCodec.decodeBatch(new byte[]{1, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message count");
        byte[] append = MessageCodec.encode(new Message.AppendRequest("a", "b", 1, 0, 0,
                List.of(new Entry(1, 1, EntryType.COMMAND, new byte[]{1, 2, 3})), 0));
        // The payload length byte sits just before the payload's last three bytes: claim 2 GB.
        byte[] hostile = Arrays.copyOf(append, append.length + 4);
        int lengthAt = append.length - 4;
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        System.arraycopy(huge, 0, hostile, lengthAt, huge.length);
        assertThatThrownBy(() -> MessageCodec.decodeBatch(hostile)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownVersionsTagsAndTrailingBytesAreRefused() {
        byte[] encoded = MessageCodec.encode(new Message.TimeoutNow("a", "b", 2));
        byte[] otherVersion = encoded.clone();
        otherVersion[0] = 2;
        assertThatThrownBy(() -> MessageCodec.decode(otherVersion)).hasMessageContaining("version 2");
        byte[] unknownTag = encoded.clone();
        unknownTag[2] = 99;
        assertThatThrownBy(() -> MessageCodec.decode(unknownTag)).hasMessageContaining("tag 99");
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> MessageCodec.decode(trailing)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.encodeBatch(List.of())))
                .hasMessageContaining("expected one message");
    }
}
