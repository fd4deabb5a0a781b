package io.raftboot.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raftboot.consensus.Message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One {@code RAFT.MSG <batch>} request as RESP bytes, encoded straight into one pooled buffer: the
 * same bytes as {@code RespEncoder} gives for {@code RespValue.command(RAFT.MSG, encodeBatch(batch))},
 * without the batch's intermediate arrays (the codec's buffer, its trimmed copy, and the direct copy
 * Netty makes of a heap buffer before the socket). The RESP length of the batch precedes it but is
 * known only once it is written, so the batch is written after room for the longest head, and the
 * head is then put right before it.
 */
final class MsgFrame {
    /** {@code *2\r\n$<n>\r\nRAFT.MSG\r\n$}: everything before the batch's length. */
    private static final byte[] HEAD = ascii("*2\r\n$" + PeerProtocol.MSG.length() + "\r\n" + PeerProtocol.MSG + "\r\n$");
    /** The head, a length of up to 10 digits, CRLF. */
    private static final int MAX_PREFIX = HEAD.length + 10 + 2;

    private MsgFrame() {
    }

    /** The caller owns the returned buffer (it is written to a channel, which releases it). */
    static ByteBuf encode(ByteBufAllocator alloc, List<? extends Message> batch) {
        ByteBuf out = alloc.buffer(MAX_PREFIX + MessageCodec.estimatedSize(batch) + 2);
        try {
            out.writerIndex(MAX_PREFIX);
            MessageCodec.writeBatch(out, batch);
            int length = out.writerIndex() - MAX_PREFIX;
            out.writeByte('\r').writeByte('\n');
            byte[] digits = ascii(Integer.toString(length));
            int start = MAX_PREFIX - 2 - digits.length - HEAD.length;
            out.setBytes(start, HEAD);
            out.setBytes(start + HEAD.length, digits);
            out.setByte(MAX_PREFIX - 2, '\r');
            out.setByte(MAX_PREFIX - 1, '\n');
            out.readerIndex(start);
            return out;
        } catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
