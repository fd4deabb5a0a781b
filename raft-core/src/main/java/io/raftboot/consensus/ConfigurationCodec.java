package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a {@link Configuration} as the payload of a {@link EntryType#CONFIGURATION} entry and in
 * snapshot metadata. Format (big-endian): version byte 1, member count (int), then per member: voter
 * flag byte, id (short length + UTF-8), address (short length + UTF-8).
 *
 * <p>UTF-8 is coded by hand here to keep charsets (java.nio) out of the pure consensus package.
 */
public final class ConfigurationCodec {
    private static final byte VERSION = 1;

    private ConfigurationCodec() {
    }

    public static byte[] encode(Configuration configuration) {
        List<byte[]> parts = new ArrayList<>();
        int size = 1 + 4;
        for (Member member : configuration.members()) {
            byte[] id = Utf8.encode(member.id());
            byte[] address = Utf8.encode(member.address());
            parts.add(id);
            parts.add(address);
            size += 1 + 2 + id.length + 2 + address.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        out[pos++] = VERSION;
        pos = putInt(out, pos, configuration.members().size());
        int part = 0;
        for (Member member : configuration.members()) {
            out[pos++] = (byte) (member.voter() ? 1 : 0);
            pos = putString(out, pos, parts.get(part++));
            pos = putString(out, pos, parts.get(part++));
        }
        return out;
    }

    public static Configuration decode(byte[] data) {
        try {
            int[] pos = {0};
            byte version = data[pos[0]++];
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported configuration format version " + version);
            }
            int count = getInt(data, pos);
            if (count < 0 || count > data.length) {
                throw new IllegalArgumentException("bad member count " + count);
            }
            List<Member> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                boolean voter = data[pos[0]++] != 0;
                String id = getString(data, pos);
                String address = getString(data, pos);
                members.add(new Member(id, address, voter));
            }
            if (pos[0] != data.length) {
                throw new IllegalArgumentException("trailing bytes after configuration");
            }
            return new Configuration(members);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated configuration", e);
        }
    }

    private static int putInt(byte[] out, int pos, int value) {
        out[pos] = (byte) (value >>> 24);
        out[pos + 1] = (byte) (value >>> 16);
        out[pos + 2] = (byte) (value >>> 8);
        out[pos + 3] = (byte) value;
        return pos + 4;
    }

    private static int putString(byte[] out, int pos, byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("member id or address too long");
        }
        out[pos] = (byte) (bytes.length >>> 8);
        out[pos + 1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, out, pos + 2, bytes.length);
        return pos + 2 + bytes.length;
    }

    private static int getInt(byte[] data, int[] pos) {
        int p = pos[0];
        pos[0] = p + 4;
        return ((data[p] & 0xFF) << 24) | ((data[p + 1] & 0xFF) << 16) | ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
    }

    private static String getString(byte[] data, int[] pos) {
        int p = pos[0];
        int length = ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
        if (p + 2 + length > data.length) {
            throw new IllegalArgumentException("truncated configuration string");
        }
        pos[0] = p + 2 + length;
        return Utf8.decode(data, p + 2, length);
    }
}
