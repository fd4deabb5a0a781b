package io.raftboot.sample.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A key being looked up in a {@link KeyTable}, unpacked once per operation into the fields a
 * {@link TableEntry} keeps inline: its position and its first 24 bytes as three big-endian words
 * (zero-padded). Two keys of at most 24 bytes are equal exactly when position, words and length are.
 */
final class KeyProbe {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final long position;
    final long word0;
    final long word1;
    final long word2;
    final byte[] bytes;

    KeyProbe(Key key) {
        this.position = key.position();
        this.bytes = key.bytes();
        this.word0 = word(bytes, 0);
        this.word1 = word(bytes, 8);
        this.word2 = word(bytes, 16);
    }

    /** Bytes {@code from} to {@code from + 7} as a big-endian word, missing bytes as zeros. */
    static long word(byte[] bytes, int from) {
        if (bytes.length >= from + 8) {
            return (long) WORDS.get(bytes, from);
        }
        long word = 0;
        for (int i = from; i < from + 8; i++) {
            word = (word << 8) | (i < bytes.length ? bytes[i] & 0xff : 0);
        }
        return word;
    }
}
