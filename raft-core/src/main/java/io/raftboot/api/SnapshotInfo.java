package io.raftboot.api;

/**
 * A snapshot kept by this member, as {@code RAFTSNAPSHOTS} lists it: {@code size} is the whole
 * file (what a backup downloads and {@code raft.restore-from} reads), {@code checksum} the CRC32C
 * of its data as hex.
 */
public record SnapshotInfo(String id, long index, long term, long size, String checksum) {
}
