package io.raftboot.storage;

import io.raftboot.consensus.SnapshotMeta;

import java.nio.file.Path;

/**
 * A complete snapshot on disk. {@code id} names it (stable, sortable by index); {@code size} is the
 * whole file size in bytes (what {@link SnapshotStore#readChunk} serves); {@code checksum} is the
 * CRC32C of the data, as hex.
 */
public record SnapshotFile(String id, SnapshotMeta meta, long size, String checksum, Path path) {
}
