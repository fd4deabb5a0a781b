package io.raftboot.resp;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The incremental RESP2 request parser behind {@link RespDecoder}, usable on a plain
 * {@link ByteBuf} (fuzz targets, benchmarks). It consumes only complete header lines and complete
 * bulk strings and remembers where it is inside a multibulk command, so that a command split over
 * many reads is never parsed twice. It never allocates for a declared length before those bytes
 * have arrived: a bulk string is copied out once it is complete, and argument lists grow with the
 * arguments actually received.
 */
public final class RespRequestParser {
    private static final int INITIAL_ARGS = 16;
    private static final long INCOMPLETE = Long.MIN_VALUE + 1;

    private RespLimits limits;
    private int remainingArgs = -1;
    private long bulkLength = -1;
    /** The arguments of the multibulk command being read: grown as they arrive, handed over when exact. */
    private byte[][] args;
    private int argCount;

    public RespRequestParser(RespLimits limits) {
        this.limits = limits;
    }

    /** Changes the limits for the commands parsed from now on (e.g. raised for an authenticated peer). */
    public void limits(RespLimits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
    }

    public RespLimits limits() {
        return limits;
    }

    /**
     * Parses the next complete command from {@code in}, advancing its reader index past what was
     * consumed; returns null when more bytes are needed. Empty commands (blank inline lines,
     * {@code *0}, {@code *-1}) are skipped, as Redis does.
     *
     * @throws RespProtocolException on malformed or over-limit input; the parser is then unusable
     */
    public RespCommand next(ByteBuf in) {
        while (true) {
            if (remainingArgs < 0) {
                if (!in.isReadable()) {
                    return null;
                }
                if (in.getByte(in.readerIndex()) == '*') {
                    long count = readNumberLine(in, "Protocol error: too big mbulk count string");
                    if (count == INCOMPLETE) {
                        return null;
                    }
                    if (count == Long.MIN_VALUE || count > limits.maxArguments()) {
                        throw new RespProtocolException("Protocol error: invalid multibulk length");
                    }
                    if (count > 0) {
                        remainingArgs = (int) count;
                        args = new byte[Math.min(remainingArgs, INITIAL_ARGS)][];
                        argCount = 0;
                    }
                } else {
                    byte[] line = readLine(in, "Protocol error: too big inline request");
                    if (line == null) {
                        return null;
                    }
                    List<byte[]> parts = InlineSplitter.split(line, limits.maxArguments());
                    if (!parts.isEmpty()) {
                        return new RespCommand(parts.toArray(new byte[0][]), true);
                    }
                }
            } else {
                if (bulkLength < 0) {
                    if (!in.isReadable()) {
                        return null;
                    }
                    byte marker = in.getByte(in.readerIndex());
                    if (marker != '$') {
                        throw new RespProtocolException("Protocol error: expected '$', got '" + printable(marker) + "'");
                    }
                    long length = readNumberLine(in, "Protocol error: too big bulk count string");
                    if (length == INCOMPLETE) {
                        return null;
                    }
                    if (length < 0 || length > limits.maxBulkLength()) {
                        throw new RespProtocolException("Protocol error: invalid bulk length");
                    }
                    bulkLength = length;
                }
                if (in.readableBytes() < bulkLength + 2) {
                    return null;
                }
                byte[] arg = new byte[(int) bulkLength];
                in.readBytes(arg);
                if (in.readByte() != '\r' || in.readByte() != '\n') {
                    throw new RespProtocolException("Protocol error: expected CRLF after bulk string");
                }
                if (argCount == args.length) {
                    // more arguments arrived than the first allocation holds: grow with them
                    args = Arrays.copyOf(args, Math.min(argCount + remainingArgs, argCount * 2));
                }
                args[argCount++] = arg;
                bulkLength = -1;
                if (--remainingArgs == 0) {
                    // the array has exactly argCount slots: the declared count once all arrived
                    RespCommand command = new RespCommand(args, false);
                    args = null;
                    remainingArgs = -1;
                    return command;
                }
            }
        }
    }

    /** Reads one line ending in LF (a CR before it is dropped), or returns null if it is incomplete. */
    private byte[] readLine(ByteBuf in, String tooLong) {
        int start = in.readerIndex();
        int lf = findLineEnd(in, tooLong);
        if (lf < 0) {
            return null;
        }
        int end = lineContentEnd(in, start, lf, tooLong);
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);
        return line;
    }

    /**
     * Reads a header line ({@code *n} or {@code $n}) and parses the number after its marker in place,
     * without copying the line: {@link #INCOMPLETE} if the line has not fully arrived,
     * {@code Long.MIN_VALUE} if it is not a valid number.
     */
    private long readNumberLine(ByteBuf in, String tooLong) {
        int start = in.readerIndex();
        int lf = findLineEnd(in, tooLong);
        if (lf < 0) {
            return INCOMPLETE;
        }
        int end = lineContentEnd(in, start, lf, tooLong);
        in.readerIndex(lf + 1);
        return parseNumber(in, start + 1, end);
    }

    /** The index of the LF ending the line at the reader index, or -1 if it has not arrived yet. */
    private int findLineEnd(ByteBuf in, String tooLong) {
        int start = in.readerIndex();
        int limit = limits.maxInlineLength();
        int searchable = Math.min(in.readableBytes(), limit + 2);
        int lf = in.indexOf(start, start + searchable, (byte) '\n');
        // limit + 1: a line of exactly the limit may have arrived up to its CR, its LF still to come
        if (lf < 0 && in.readableBytes() > limit + 1) {
            throw new RespProtocolException(tooLong);
        }
        return lf;
    }

    private int lineContentEnd(ByteBuf in, int start, int lf, String tooLong) {
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - start > limits.maxInlineLength()) {
            throw new RespProtocolException(tooLong);
        }
        return end;
    }

    /** A strict decimal (optional '-', at most 18 digits) in {@code [start, end)}; MIN_VALUE if invalid. */
    static long parseNumber(ByteBuf buf, int start, int end) {
        int p = start;
        boolean negative = p < end && buf.getByte(p) == '-';
        if (negative) {
            p++;
        }
        int digits = end - p;
        if (digits < 1 || digits > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; p < end; p++) {
            int d = buf.getByte(p) - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF);
    }
}
