package io.raftboot.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MsgFrameTest {

    /** What the link sent before: the codec's array as the second bulk string of a RESP command. */
    private static byte[] viaRespValue(List<Message> batch) {
        return RespEncoder.toBytes(RespValue.command(PeerHandshakeClient.bytes(PeerProtocol.MSG),
                MessageCodec.encodeBatch(batch)));
    }

    private static byte[] framed(ByteBufAllocator alloc, List<Message> batch) {
        ByteBuf frame = MsgFrame.encode(alloc, batch);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    @Test
    void sameBytesAsTheCommandThroughTheRespEncoder() {
        Random random = new Random(21);
        for (ByteBufAllocator alloc : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
            for (int round = 0; round < 300; round++) {
                List<Message> batch = new ArrayList<>();
                int size = random.nextInt(12);
                for (int i = 0; i < size; i++) {
                    batch.add(RandomMessages.any(random, "node-a", "nöde-b"));
                }
                assertThat(framed(alloc, batch)).isEqualTo(viaRespValue(batch));
            }
        }
    }

    @Test
    void largeBatchesWithLongLengthsMatchToo() {
        // lengths of 5 and 6 digits, and payloads the size estimate covers only just
        for (int entries : new int[] {100, 1_000, 10_000}) {
            List<Entry> list = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                list.add(new Entry(1L << 40 | i, 7, EntryType.COMMAND, new byte[i % 200]));
            }
            List<Message> batch = List.of(new Message.AppendRequest("n1", "n2", 7, 5, 6, list, 99),
                    new Message.Heartbeat("n1", "n2", 7, 99, 3));
            assertThat(framed(PooledByteBufAllocator.DEFAULT, batch)).isEqualTo(viaRespValue(batch));
        }
    }

    @Test
    void theFrameDecodesBackToTheBatch() {
        Random random = new Random(22);
        List<Message> batch = List.of(RandomMessages.any(random, "a", "b"), RandomMessages.of(2, random, "a", "b"));
        byte[] bytes = framed(PooledByteBufAllocator.DEFAULT, batch);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int payloadStart = text.indexOf("\r\n", text.indexOf("$", text.indexOf(PeerProtocol.MSG))) + 2;
        byte[] payload = java.util.Arrays.copyOfRange(bytes, payloadStart, bytes.length - 2);
        assertThat(MessageCodec.decodeBatch(payload)).containsExactlyElementsOf(batch);
    }
}
