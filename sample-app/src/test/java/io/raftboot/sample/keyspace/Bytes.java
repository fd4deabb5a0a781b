package io.raftboot.sample.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test shorthands for byte-string arguments and replies. */
final class Bytes {

    private Bytes() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[][] bs(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = b(s[i]);
        }
        return out;
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static List<String> strings(List<byte[]> values) {
        return values.stream().map(Bytes::s).toList();
    }
}
