package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses RESP2 replies (the client side: peers reading each other's answers). A reply is parsed
 * only once it is complete; an incomplete one leaves the reader index untouched. Meant for the
 * small replies of the peer protocol: a reply split over many reads is re-scanned on each.
 */
public final class RespReplyParser {
    private static final int MAX_DEPTH = 16;
    private static final int MAX_LINE = 64 * 1024;

    private final long maxBulkLength;
    private final int maxElements;

    public RespReplyParser(long maxBulkLength, int maxElements) {
        this.maxBulkLength = maxBulkLength;
        this.maxElements = maxElements;
    }

    /**
     * The next complete reply, or null if more bytes are needed.
     *
     * @throws RespProtocolException on malformed or over-limit input
     */
    public RespValue next(ByteBuf in) {
        int start = in.readerIndex();
        RespValue value = parse(in, 0);
        if (value == null) {
            in.readerIndex(start);
        }
        return value;
    }

    private RespValue parse(ByteBuf in, int depth) {
        if (!in.isReadable()) {
            return null;
        }
        byte type = in.getByte(in.readerIndex());
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        String body = line.substring(1);
        switch (type) {
            case '+':
                return new RespValue.SimpleString(body);
            case '-':
                return new RespValue.ErrorReply(body);
            case ':':
                return new RespValue.IntegerReply(number(body, "integer"));
            case '$': {
                long length = number(body, "bulk length");
                if (length == -1) {
                    return RespValue.NULL_BULK;
                }
                if (length < 0 || length > maxBulkLength) {
                    throw new RespProtocolException("Protocol error: invalid bulk length in reply");
                }
                if (in.readableBytes() < length + 2) {
                    return null;
                }
                byte[] bytes = new byte[(int) length];
                in.readBytes(bytes);
                if (in.readByte() != '\r' || in.readByte() != '\n') {
                    throw new RespProtocolException("Protocol error: expected CRLF after bulk string in reply");
                }
                return new RespValue.BulkString(bytes);
            }
            case '*': {
                long count = number(body, "array length");
                if (count == -1) {
                    return RespValue.NULL_ARRAY;
                }
                if (count < 0 || count > maxElements || depth >= MAX_DEPTH) {
                    throw new RespProtocolException("Protocol error: invalid multibulk length in reply");
                }
                List<RespValue> values = new ArrayList<>((int) Math.min(count, 64));
                for (long i = 0; i < count; i++) {
                    RespValue element = parse(in, depth + 1);
                    if (element == null) {
                        return null;
                    }
                    values.add(element);
                }
                return new RespValue.ArrayReply(values);
            }
            default:
                throw new RespProtocolException("Protocol error: unexpected reply type byte " + (type & 0xFF));
        }
    }

    private static String readLine(ByteBuf in) {
        int start = in.readerIndex();
        int searchable = Math.min(in.readableBytes(), MAX_LINE);
        int lf = in.indexOf(start, start + searchable, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= MAX_LINE) {
                throw new RespProtocolException("Protocol error: reply line too long");
            }
            return null;
        }
        if (lf == start || in.getByte(lf - 1) != '\r') {
            throw new RespProtocolException("Protocol error: reply line must end with CRLF");
        }
        String line = in.toString(start, lf - 1 - start, StandardCharsets.UTF_8);
        in.readerIndex(lf + 1);
        return line;
    }

    private static long number(String text, String what) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        long value = RespRequestParser.parseNumber(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
        if (value == Long.MIN_VALUE) {
            throw new RespProtocolException("Protocol error: invalid " + what + " in reply");
        }
        return value;
    }
}
