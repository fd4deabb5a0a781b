package io.raftboot.storage;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.SnapshotMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Layout of a snapshot file. Header: {@code int magic "RBSN", int version, long index, long term,
 * int configuration length, configuration bytes} ({@link ConfigurationCodec}). Then the data. Then a
 * 24-byte trailer: {@code long data length, int CRC32C of the data, int CRC32C of the header,
 * int end magic "RBSE", int reserved 0}.
 */
final class SnapshotFormat {
    static final int MAGIC = 0x5242_534E;
    static final int END_MAGIC = 0x5242_5345;
    static final int VERSION = 1;
    static final int TRAILER = 24;
    private static final int MAX_CONFIG = 16 << 20;

    /** What header and trailer say; {@code dataOffset} is where the data starts. */
    record Layout(SnapshotMeta meta, long dataOffset, long dataLength, int dataCrc) {
    }

    private SnapshotFormat() {
    }

    static String id(long index, long term) {
        return String.format("%020d-%020d", index, term);
    }

    static byte[] header(SnapshotMeta meta) {
        byte[] conf = ConfigurationCodec.encode(meta.configuration());
        ByteBuffer b = ByteBuffer.allocate(28 + conf.length);
        b.putInt(MAGIC).putInt(VERSION).putLong(meta.index()).putLong(meta.term()).putInt(conf.length).put(conf);
        return b.array();
    }

    static byte[] trailer(long dataLength, int dataCrc, byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header);
        ByteBuffer b = ByteBuffer.allocate(TRAILER);
        b.putLong(dataLength).putInt(dataCrc).putInt((int) crc.getValue()).putInt(END_MAGIC).putInt(0);
        return b.array();
    }

    /**
     * Reads the data section of an opened snapshot file and checks it against the trailer's CRC32C;
     * throws naming the file and the offsets when it ends early or does not match.
     */
    static void verifyData(Path path, FileChannel ch, Layout layout) throws IOException {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        long pos = layout.dataOffset();
        long end = pos + layout.dataLength();
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new SnapshotDamageException(path, pos, "ends early at offset " + pos);
            }
            buf.flip();
            crc.update(buf);
            pos += n;
        }
        if ((int) crc.getValue() != layout.dataCrc()) {
            throw new SnapshotDamageException(path, layout.dataOffset(), "data checksum mismatch over offsets " + layout.dataOffset()
                    + ".." + end + " (stored " + String.format("%08x", layout.dataCrc()) + ", computed "
                    + String.format("%08x", (int) crc.getValue()) + ")");
        }
    }

    static Layout read(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 28 + TRAILER) {
            throw new SnapshotDamageException(path, 0, "is too short (" + size + " bytes) to hold header and trailer");
        }
        ByteBuffer fixed = readAt(ch, 0, 28);
        if (fixed.getInt(0) != MAGIC) {
            throw new SnapshotDamageException(path, 0, "bad magic number at offset 0");
        }
        if (fixed.getInt(4) != VERSION) {
            throw new SnapshotDamageException(path, 4, "unsupported format version " + fixed.getInt(4) + " at offset 4");
        }
        int confLength = fixed.getInt(24);
        if (confLength < 0 || confLength > MAX_CONFIG || 28L + confLength + TRAILER > size) {
            throw new SnapshotDamageException(path, 24, "bad configuration length " + confLength + " at offset 24");
        }
        ByteBuffer header = ByteBuffer.allocate(28 + confLength);
        header.put(fixed.rewind());
        ByteBuffer conf = readAt(ch, 28, confLength);
        header.put(conf.duplicate());
        ByteBuffer trailer = readAt(ch, size - TRAILER, TRAILER);
        if (trailer.getInt(16) != END_MAGIC) {
            throw new SnapshotDamageException(path, size - TRAILER + 16, "bad end magic at offset " + (size - TRAILER + 16)
                    + " (incomplete file?)");
        }
        CRC32C crc = new CRC32C();
        crc.update(header.array());
        if (trailer.getInt(12) != (int) crc.getValue()) {
            throw new SnapshotDamageException(path, 0, "header checksum mismatch (header at offset 0, checksum at offset "
                    + (size - TRAILER + 12) + ")");
        }
        long dataOffset = 28L + confLength;
        long dataLength = trailer.getLong(0);
        if (dataLength != size - dataOffset - TRAILER) {
            throw new SnapshotDamageException(path, size - TRAILER, "data length " + dataLength + " at offset " + (size - TRAILER)
                    + " does not match the file size " + size);
        }
        Configuration configuration;
        try {
            configuration = ConfigurationCodec.decode(conf.array());
        } catch (IllegalArgumentException e) {
            throw new SnapshotDamageException(path, 28, "unreadable configuration at offset 28: " + e.getMessage(), e);
        }
        SnapshotMeta meta = new SnapshotMeta(fixed.getLong(8), fixed.getLong(16), configuration);
        return new Layout(meta, dataOffset, dataLength, trailer.getInt(8));
    }

    static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at offset " + p);
            }
            p += n;
        }
        b.flip();
        return b;
    }
}
