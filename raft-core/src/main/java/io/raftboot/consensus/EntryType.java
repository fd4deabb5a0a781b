package io.raftboot.consensus;

/** What a log entry carries. The code is the byte stored on disk and on the wire; never reuse one. */
public enum EntryType {
    /** A state-machine command, opaque to consensus. */
    COMMAND((byte) 0),
    /** The empty entry a new leader appends to commit an entry of its own term. */
    NOOP((byte) 1),
    /** A cluster configuration, encoded by {@link ConfigurationCodec}. */
    CONFIGURATION((byte) 2);

    private final byte code;

    EntryType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static EntryType ofCode(byte code) {
        for (EntryType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entry type code " + code);
    }
}
