package io.raftboot.spring.boot.autoconfigure;

import java.net.BindException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.raftboot.api.RaftOptions;

/**
 * Turns the common reasons a node fails to start (port taken, data directory unusable) into the
 * exceptions the failure analyzers explain; anything else passes unchanged.
 */
final class NodeStartFailures {

    private NodeStartFailures() {
    }

    /** Recognises the common start-up failures so that a failure analyzer can explain them. */
    static RuntimeException translate(Exception failure, RaftOptions used) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new RaftPortInUseException(used.host(), used.port(), failure);
            }
            if (cause instanceof FileSystemException fileSystem && fileSystem.getFile() != null) {
                return new RaftDataDirectoryException(Path.of(fileSystem.getFile()),
                        "cannot be used (" + fileSystem.getClass().getSimpleName() + ": " + fileSystem.getMessage() + ")",
                        failure);
            }
            // storage names the directory in its messages: "data directory /x is in use by ...", "cannot open data directory /x: ..."
            String message = cause.getMessage();
            Path named = message == null ? null : directoryNamedIn(message);
            if (named != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                String reason = lower.contains("in use") || lower.contains("lock") ? "is in use by another node"
                        : "cannot be used";
                return new RaftDataDirectoryException(named, reason + " (" + message + ")", failure);
            }
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new IllegalStateException("Raft node failed to start: " + failure, failure);
    }

    /** The path in a storage message such as "data directory /x/y is in use by ...", or null. */
    private static Path directoryNamedIn(String message) {
        String marker = "data directory ";
        int start = message.indexOf(marker);
        if (start < 0) {
            return null;
        }
        int from = start + marker.length();
        int end = message.indexOf(' ', from);
        String path = end < 0 ? message.substring(from) : message.substring(from, end);
        if (path.endsWith(":")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? null : Path.of(path);
    }

    /** Refuses an explicitly configured directory that cannot be created or written, before opening anything. */
    static void checkDataDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (Exception e) {
            throw new RaftDataDirectoryException(directory, "cannot be created (" + e + ")", e);
        }
        if (!Files.isDirectory(directory)) {
            throw new RaftDataDirectoryException(directory, "is not a directory", null);
        }
        if (!Files.isWritable(directory)) {
            throw new RaftDataDirectoryException(directory, "is not writable", null);
        }
    }
}
