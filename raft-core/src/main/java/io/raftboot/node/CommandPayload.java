package io.raftboot.node;

import io.raftboot.api.Command;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The log payload of a client command: what every member needs to re-run it, plus who proposed it.
 * Format (big-endian): version byte 1, leader timestamp (long, millis), origin incarnation (long),
 * origin request id (long, 0 when no reply is awaited), argument count (int), then per argument its
 * length (int) and bytes. The timestamp is stamped by the raft thread just before proposing, so the
 * event loop encodes with a placeholder.
 */
public record CommandPayload(long timestampMillis, long originIncarnation, long requestId, byte[][] args) {
    static final byte VERSION = 1;
    static final int TIMESTAMP_OFFSET = 1;
    private static final int HEADER = 1 + 8 + 8 + 8 + 4;
    // Every write is encoded on a network thread, stamped on the raft thread and decoded on every
    // member's apply thread: the numbers are written and read with shifts on the array itself, since a
    // ByteBuffer per call showed up in the allocation profile (and plain shifts are fast before the
    // JIT's last tier too, unlike VarHandles)

    /** Encodes with timestamp 0; {@link #stamp} fills it in. */
    public static byte[] encode(long originIncarnation, long requestId, byte[][] args) {
        return encode(originIncarnation, requestId, args.length, i -> args[i]);
    }

    /** The same for a client command, reading its arguments in place. */
    public static byte[] encode(long originIncarnation, long requestId, Command command) {
        return encode(originIncarnation, requestId, command.size(), command::arg);
    }

    private static byte[] encode(long originIncarnation, long requestId, int count, IntFunction<byte[]> arg) {
        long size = HEADER;
        for (int i = 0; i < count; i++) {
            size += 4L + arg.apply(i).length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("command too large to log: " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        out[0] = VERSION;
        // timestamp (offset 1) stays 0 until stamped
        putLong(out, 9, originIncarnation);
        putLong(out, 17, requestId);
        putInt(out, 25, count);
        int position = HEADER;
        for (int i = 0; i < count; i++) {
            byte[] value = arg.apply(i);
            putInt(out, position, value.length);
            System.arraycopy(value, 0, out, position + 4, value.length);
            position += 4 + value.length;
        }
        return out;
    }

    /** Writes the leader timestamp into an encoded payload. */
    public static void stamp(byte[] payload, long timestampMillis) {
        putLong(payload, TIMESTAMP_OFFSET, timestampMillis);
    }

    public static CommandPayload decode(byte[] payload) {
        if (payload.length >= 1 && payload[0] != VERSION) {
            throw new IllegalArgumentException("unsupported command payload version " + payload[0]);
        }
        if (payload.length < HEADER) {
            throw new IllegalArgumentException("truncated command payload");
        }
        long timestamp = getLong(payload, 1);
        long incarnation = getLong(payload, 9);
        long requestId = getLong(payload, 17);
        int count = getInt(payload, 25);
        int position = HEADER;
        if (count < 1 || count > (payload.length - position) / 4) {
            throw new IllegalArgumentException("bad argument count " + count);
        }
        byte[][] args = new byte[count][];
        for (int i = 0; i < count; i++) {
            if (payload.length - position < 4) {
                throw new IllegalArgumentException("truncated command payload");
            }
            int length = getInt(payload, position);
            position += 4;
            if (length < 0 || length > payload.length - position) {
                throw new IllegalArgumentException("bad argument length " + length);
            }
            args[i] = Arrays.copyOfRange(payload, position, position + length);
            position += length;
        }
        if (position != payload.length) {
            throw new IllegalArgumentException("trailing bytes after command payload");
        }
        return new CommandPayload(timestamp, incarnation, requestId, args);
    }

    private static void putLong(byte[] out, int at, long value) {
        putInt(out, at, (int) (value >>> 32));
        putInt(out, at + 4, (int) value);
    }

    private static void putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    private static long getLong(byte[] in, int at) {
        return ((long) getInt(in, at) << 32) | (getInt(in, at + 4) & 0xFFFFFFFFL);
    }

    private static int getInt(byte[] in, int at) {
        return (in[at] & 0xFF) << 24 | (in[at + 1] & 0xFF) << 16 | (in[at + 2] & 0xFF) << 8 | (in[at + 3] & 0xFF);
    }
}
