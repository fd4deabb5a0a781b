package io.raftboot.resp;

import java.util.Map;

/**
 * An immutable map from command names to values, looked up with the name's bytes as a client sent
 * them, in any ASCII case, without allocating. Every request (and every applied log entry) looks its
 * command up once; lower-casing the name into a new String first showed up in the profile.
 * <p>
 * Names compare like Redis compares them: ASCII letters ignore case, every other byte must match
 * exactly. Keys must therefore be ASCII (command names are printable ASCII by contract); a name
 * holding other bytes simply matches nothing. Open addressing with linear probing over a table at
 * most half full; safe for concurrent readers once built.
 *
 * @param <V> what a name maps to
 */
public final class CommandNameTable<V> {
    private final byte[][] keys;
    private final Object[] values;
    private final int mask;
    private final int size;

    private CommandNameTable(byte[][] keys, Object[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.mask = keys.length - 1;
        this.size = size;
    }

    /**
     * @param byName values by command name, in any case
     * @throws IllegalArgumentException if a name is empty or not ASCII, or two names differ only in case
     */
    public static <V> CommandNameTable<V> of(Map<String, ? extends V> byName) {
        int capacity = Integer.highestOneBit(Math.max(4, byName.size() * 2 + 1) - 1) << 1;
        byte[][] keys = new byte[capacity][];
        Object[] values = new Object[capacity];
        for (Map.Entry<String, ? extends V> e : byName.entrySet()) {
            byte[] key = lowerAsciiKey(e.getKey());
            int slot = hash(key) & (capacity - 1);
            while (keys[slot] != null) {
                if (equalsIgnoreAsciiCase(keys[slot], key)) {
                    throw new IllegalArgumentException("command name '" + e.getKey() + "' is given twice");
                }
                slot = (slot + 1) & (capacity - 1);
            }
            keys[slot] = key;
            values[slot] = e.getValue();
        }
        return new CommandNameTable<>(keys, values, byName.size());
    }

    /** The value for {@code rawName} (the name's bytes as sent, any case), or null. */
    @SuppressWarnings("unchecked")
    public V get(byte[] rawName) {
        int slot = hash(rawName) & mask;
        byte[] key;
        while ((key = keys[slot]) != null) {
            if (equalsIgnoreAsciiCase(key, rawName)) {
                return (V) values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /** The value for {@code name} in any case, or null (not for the hot path: it encodes the name). */
    public V get(String name) {
        byte[] raw = new byte[name.length()];
        for (int i = 0; i < raw.length; i++) {
            char c = name.charAt(i);
            if (c >= 128) {
                return null; // keys are ASCII
            }
            raw[i] = (byte) c;
        }
        return get(raw);
    }

    public int size() {
        return size;
    }

    private static byte[] lowerAsciiKey(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty command name");
        }
        byte[] key = new byte[name.length()];
        for (int i = 0; i < key.length; i++) {
            char c = name.charAt(i);
            if (c >= 128) {
                throw new IllegalArgumentException("command name is not ASCII: '" + name + "'");
            }
            key[i] = (byte) lower(c);
        }
        return key;
    }

    /** The same hash for every ASCII case of a name. */
    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b & 0xFF);
        }
        return h ^ (h >>> 16);
    }

    /** {@code key} is lower case already; {@code raw} may be in any case. */
    private static boolean equalsIgnoreAsciiCase(byte[] key, byte[] raw) {
        if (key.length != raw.length) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != raw[i] && key[i] != lower(raw[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
