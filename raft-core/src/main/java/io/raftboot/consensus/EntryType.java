package io.raftboot.consensus;

/** What a log entry carries. The code is the byte stored on disk and on the wire; never reuse one. */
public enum EntryType {
    /** A state-machine command, opaque to consensus. */
    COMMAND((byte) 0),
    /** The empty entry a new leader appends to commit an entry of its own term. */
    NOOP((byte) 1),
    /** A cluster configuration, encoded by {@link ConfigurationCodec}. */
    CONFIGURATION((byte) 2);

    /** {@code values()} copies its array on every call; decoding a record looks its type up here instead. */
    private static final EntryType[] TYPES = values();

    private final byte code;

    EntryType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static EntryType ofCode(byte code) {
        for (EntryType type : TYPES) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entry type code " + code);
    }

    /** Whether {@code code} names a type: what a reader checks before trusting a stored byte. */
    public static boolean isCode(byte code) {
        for (EntryType type : TYPES) {
            if (type.code == code) {
                return true;
            }
        }
        return false;
    }
}
