package io.raftboot.storage;

import io.raftboot.consensus.SnapshotMeta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Snapshot files: written to a temp file, fsynced, renamed, directory fsynced. Each file has a
 * header (magic, version, index, term, configuration) and a CRC32C over the data in a trailer. The
 * newest {@code retain} are kept.
 */
public interface SnapshotStore {

    /** Starts a snapshot of the state at {@code meta}: write the data, then commit. */
    SnapshotWriter create(SnapshotMeta meta) throws IOException;

    /** Newest complete snapshot whose header and trailer are valid. */
    Optional<SnapshotFile> latest();

    /** Complete snapshots, newest first. */
    List<SnapshotFile> list();

    /** The data of a snapshot; a full read verifies the checksum (mismatch: IOException naming the file). */
    InputStream openData(SnapshotFile file) throws IOException;

    /** Raw file bytes (header, data and trailer) for transfer or backup; empty at or past the end. */
    byte[] readChunk(String id, long offset, int count) throws IOException;

    /**
     * Writes a snapshot file received in chunks (the raw bytes {@link #readChunk} serves, in order)
     * under {@code id}; {@link SnapshotWriter#commit()} verifies header and checksum before it
     * becomes visible.
     */
    SnapshotWriter receive(String id) throws IOException;

    /**
     * Copies a snapshot file from elsewhere (a backup, {@code raft.restore-from}) into the store,
     * verifying header and checksum before it becomes visible.
     */
    default SnapshotFile importFile(Path source) throws IOException {
        SnapshotMeta meta;
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
            meta = SnapshotFormat.read(source, ch).meta();
        }
        try (SnapshotWriter writer = receive(SnapshotFormat.id(meta.index(), meta.term()))) {
            Files.copy(source, writer.stream());
            return writer.commit();
        }
    }

    /** Verifies a whole snapshot file (header, checksum); IOException naming the file and problem. */
    void verify(SnapshotFile file) throws IOException;
}
