package io.raftboot.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Remembers, in the data directory, the index at which this member rewrote its configuration to
 * itself alone ({@code raft.force-new-cluster} or {@code raft.restore-from}). A setting left on by
 * mistake must not force again a cluster that has grown since: that would drop the new members and
 * let this one accept writes alone next to them, with entries that collide with theirs.
 */
final class ForcedRecoveryMarker {
    static final String FILE = "force-new-cluster.applied";

    private ForcedRecoveryMarker() {
    }

    /**
     * Refuses to force again when an earlier forcing is on record and the log went on after it
     * (the member served, at least its own leader entry, so members may have joined since).
     */
    static void refuseIfAlreadyApplied(Path dataDir, long lastIndex) {
        Path file = dataDir.resolve(FILE);
        long applied;
        try {
            applied = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("raft.force-new-cluster: unreadable marker " + file + ": " + e.getMessage()
                    + "; remove the setting, or delete the file to force again", e);
        }
        if (lastIndex > applied) {
            throw new IllegalStateException("raft.force-new-cluster is still set, but it was already applied at index "
                    + applied + " and the cluster went on since: remove the setting (forcing again would drop the "
                    + "members added since). Only if the cluster lost its quorum again and this member is the one "
                    + "to recover from, delete " + file + " first");
        }
    }

    /** Records the index of the configuration that made this member alone; durable before returning. */
    static void record(Path dataDir, long index) {
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, index + "\n", StandardCharsets.US_ASCII);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the forced configuration in " + file + ": " + e.getMessage(), e);
        }
    }
}
