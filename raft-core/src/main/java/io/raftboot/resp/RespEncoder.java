package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link RespValue}s as RESP2. Common replies ({@code +OK}, small integers, nulls) come from
 * pre-encoded bytes; large bulk strings are wrapped rather than copied. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class RespEncoder extends MessageToMessageEncoder<RespValue> {
    /** Bulk strings at least this large are sent from their own array instead of being copied. */
    static final int WRAP_THRESHOLD = 16 * 1024;
    private static final int CACHED_INTEGERS = 1024;
    private static final byte[][] INTEGER_REPLIES = new byte[CACHED_INTEGERS][];
    private static final byte[][] DECIMALS = new byte[CACHED_INTEGERS][];
    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] PONG = ascii("+PONG\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    private static final byte[] CRLF = ascii("\r\n");

    static {
        for (int i = 0; i < CACHED_INTEGERS; i++) {
            INTEGER_REPLIES[i] = ascii(":" + i + "\r\n");
            DECIMALS[i] = ascii(Integer.toString(i));
        }
    }

    public static final RespEncoder INSTANCE = new RespEncoder();

    public RespEncoder() {
        super(RespValue.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RespValue value, List<Object> out) {
        ByteBufAllocator alloc = ctx.alloc();
        ByteBuf current = alloc.buffer(estimate(value));
        current = write(value, current, alloc, out);
        if (current.isReadable()) {
            out.add(current);
        } else {
            current.release();
        }
    }

    /** Encodes {@code value} into {@code buffer} (copying everything); for tests, clients and benchmarks. */
    public static void encode(RespValue value, ByteBuf buffer) {
        write(value, buffer, null, null);
    }

    /** The encoded bytes of {@code value}. */
    public static byte[] toBytes(RespValue value) {
        ByteBuf buffer = Unpooled.buffer(estimate(value));
        try {
            encode(value, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    /**
     * Writes into {@code buffer}; with an allocator, a large bulk string ends the current buffer
     * (added to {@code out}), is added itself as a wrapped array, and a new buffer is returned.
     */
    private static ByteBuf write(RespValue value, ByteBuf buffer, ByteBufAllocator alloc, List<Object> out) {
        if (value instanceof RespValue.SimpleString s) {
            if (s == RespValue.OK) {
                buffer.writeBytes(OK);
            } else if (s == RespValue.PONG) {
                buffer.writeBytes(PONG);
            } else {
                buffer.writeByte('+');
                buffer.writeCharSequence(s.text(), StandardCharsets.UTF_8);
                buffer.writeBytes(CRLF);
            }
        } else if (value instanceof RespValue.ErrorReply e) {
            buffer.writeByte('-');
            buffer.writeCharSequence(e.text(), StandardCharsets.UTF_8);
            buffer.writeBytes(CRLF);
        } else if (value instanceof RespValue.IntegerReply i) {
            long v = i.value();
            if (v >= 0 && v < CACHED_INTEGERS) {
                buffer.writeBytes(INTEGER_REPLIES[(int) v]);
            } else {
                buffer.writeByte(':');
                writeDecimal(buffer, v);
                buffer.writeBytes(CRLF);
            }
        } else if (value instanceof RespValue.BulkString b) {
            byte[] bytes = b.bytes();
            if (bytes == null) {
                buffer.writeBytes(NULL_BULK);
            } else {
                buffer.writeByte('$');
                writeDecimal(buffer, bytes.length);
                buffer.writeBytes(CRLF);
                if (alloc != null && bytes.length >= WRAP_THRESHOLD) {
                    out.add(buffer);
                    out.add(Unpooled.wrappedBuffer(bytes));
                    buffer = alloc.buffer(256);
                } else {
                    buffer.writeBytes(bytes);
                }
                buffer.writeBytes(CRLF);
            }
        } else if (value instanceof RespValue.ArrayReply a) {
            List<RespValue> values = a.values();
            if (values == null) {
                buffer.writeBytes(NULL_ARRAY);
            } else if (values.isEmpty()) {
                buffer.writeBytes(EMPTY_ARRAY);
            } else {
                buffer.writeByte('*');
                writeDecimal(buffer, values.size());
                buffer.writeBytes(CRLF);
                for (RespValue element : values) {
                    buffer = write(element, buffer, alloc, out);
                }
            }
        } else {
            throw new IllegalArgumentException("unknown RESP value " + value);
        }
        return buffer;
    }

    private static void writeDecimal(ByteBuf buffer, long v) {
        if (v >= 0 && v < CACHED_INTEGERS) {
            buffer.writeBytes(DECIMALS[(int) v]);
        } else {
            buffer.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
        }
    }

    /** A buffer size that fits most values at once, without counting huge bulk strings twice. */
    private static int estimate(RespValue value) {
        if (value instanceof RespValue.BulkString b && b.bytes() != null) {
            return Math.min(b.bytes().length, WRAP_THRESHOLD) + 16;
        }
        if (value instanceof RespValue.ArrayReply a && a.values() != null) {
            return 16 + 32 * Math.min(a.values().size(), 1024);
        }
        return 32;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
