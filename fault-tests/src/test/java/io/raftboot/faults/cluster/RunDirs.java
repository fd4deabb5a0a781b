package io.raftboot.faults.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Work dirs for process tests under target/, kept after the run so member logs can be read. */
public final class RunDirs {
    private RunDirs() {
    }

    public static Path create(String name) throws IOException {
        Path dir = Path.of("target", "fault-runs", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }
}
