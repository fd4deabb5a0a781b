package io.raftboot.inspect;

/**
 * Damage found in one file: {@code offset} is the byte offset where it starts, or -1 when the
 * format does not expose one (MapDB files are checked through MapDB).
 */
record Finding(String file, long offset, String problem) {

    @Override
    public String toString() {
        return file + (offset >= 0 ? " at offset " + offset : "") + ": " + problem;
    }
}
