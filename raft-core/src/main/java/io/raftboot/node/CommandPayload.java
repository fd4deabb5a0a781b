package io.raftboot.node;

import java.nio.ByteBuffer;

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

    /** Encodes with timestamp 0; {@link #stamp} fills it in. */
    public static byte[] encode(long originIncarnation, long requestId, byte[][] args) {
        long size = HEADER;
        for (byte[] arg : args) {
            size += 4L + arg.length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("command too large to log: " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(VERSION).putLong(0).putLong(originIncarnation).putLong(requestId).putInt(args.length);
        for (byte[] arg : args) {
            out.putInt(arg.length).put(arg);
        }
        return out.array();
    }

    /** Writes the leader timestamp into an encoded payload. */
    public static void stamp(byte[] payload, long timestampMillis) {
        ByteBuffer.wrap(payload).putLong(TIMESTAMP_OFFSET, timestampMillis);
    }

    public static CommandPayload decode(byte[] payload) {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported command payload version " + version);
            }
            long timestamp = in.getLong();
            long incarnation = in.getLong();
            long requestId = in.getLong();
            int count = in.getInt();
            if (count < 1 || count > in.remaining() / 4) {
                throw new IllegalArgumentException("bad argument count " + count);
            }
            byte[][] args = new byte[count][];
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new IllegalArgumentException("bad argument length " + length);
                }
                args[i] = new byte[length];
                in.get(args[i]);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after command payload");
            }
            return new CommandPayload(timestamp, incarnation, requestId, args);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated command payload", e);
        }
    }
}
