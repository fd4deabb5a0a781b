package io.raftboot.node;

import io.raftboot.api.Command;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    // big-endian views of byte[]: every write is encoded on a network thread, stamped on the raft
    // thread and decoded on every member's apply thread; a ByteBuffer per call showed up in the
    // allocation profile
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

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
        LONG.set(out, 9, originIncarnation);
        LONG.set(out, 17, requestId);
        INT.set(out, 25, count);
        int position = HEADER;
        for (int i = 0; i < count; i++) {
            byte[] value = arg.apply(i);
            INT.set(out, position, value.length);
            System.arraycopy(value, 0, out, position + 4, value.length);
            position += 4 + value.length;
        }
        return out;
    }

    /** Writes the leader timestamp into an encoded payload. */
    public static void stamp(byte[] payload, long timestampMillis) {
        LONG.set(payload, TIMESTAMP_OFFSET, timestampMillis);
    }

    public static CommandPayload decode(byte[] payload) {
        if (payload.length >= 1 && payload[0] != VERSION) {
            throw new IllegalArgumentException("unsupported command payload version " + payload[0]);
        }
        if (payload.length < HEADER) {
            throw new IllegalArgumentException("truncated command payload");
        }
        long timestamp = (long) LONG.get(payload, 1);
        long incarnation = (long) LONG.get(payload, 9);
        long requestId = (long) LONG.get(payload, 17);
        int count = (int) INT.get(payload, 25);
        int position = HEADER;
        if (count < 1 || count > (payload.length - position) / 4) {
            throw new IllegalArgumentException("bad argument count " + count);
        }
        byte[][] args = new byte[count][];
        for (int i = 0; i < count; i++) {
            if (payload.length - position < 4) {
                throw new IllegalArgumentException("truncated command payload");
            }
            int length = (int) INT.get(payload, position);
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
}
