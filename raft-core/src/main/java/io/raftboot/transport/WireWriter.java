package io.raftboot.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The primitives of the peer wire format (varints, byte strings, strings), written straight into a
 * {@link ByteBuf}: the leader encodes each AppendEntries batch into the buffer that goes to the socket,
 * with no intermediate array per peer.
 */
final class WireWriter {
    private WireWriter() {
    }

    /** Unsigned LEB128: 1 byte below 128, at most 10 bytes for any long (negatives cost 10). */
    static void writeVarLong(ByteBuf out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    static void writeBytes(ByteBuf out, byte[] bytes) {
        writeVarLong(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** Varint length in UTF-8 bytes, then the bytes; counted and written without an intermediate array. */
    static void writeString(ByteBuf out, String text) {
        writeVarLong(out, ByteBufUtil.utf8Bytes(text));
        ByteBufUtil.writeUtf8(out, text);
    }
}
