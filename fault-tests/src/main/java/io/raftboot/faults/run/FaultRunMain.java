package io.raftboot.faults.run;

import io.raftboot.faults.cluster.ClusterSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Long fault runs from the command line ({@code scripts/fault-run.sh}):
 * <pre>
 * --seed S --duration 300s --faults kill,pause,partition,membership,transfer --nodes 5
 * [--consistency high] [--clients 10] [--registers 8] [--counters 4] [--hash-fields 4] [--pinned-readers 0] [--snapshot-every 0]
 * [--jar sample-app/target/sample-app.jar] [--workdir DIR]
 * </pre>
 * Prints the report; exit status 0 when linearizable with no lost acknowledged write, 1 when a
 * violation or a loss was found, 2 when the checker could not decide, 64 on bad arguments.
 */
public final class FaultRunMain {
    private FaultRunMain() {
    }

    public static void main(String[] args) throws Exception {
        RunOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fault-run: " + e.getMessage());
            System.err.println("usage: --seed S --duration 60s --faults kill,pause,partition,membership,transfer --nodes 5 "
                    + "[--consistency high|medium|low] [--clients N] [--registers N] [--counters N] [--hash-fields N] [--pinned-readers N] "
                    + "[--snapshot-every N] "
                    + "[--jar PATH] [--workdir DIR]");
            System.exit(64);
            return;
        }
        RunReport report = FaultRun.run(options);
        System.out.println(report.describe());
        if (report.passed()) {
            System.exit(0);
        }
        System.exit(report.check().verdict() == io.raftboot.test.lin.Verdict.UNDECIDED && report.lostWrites().isEmpty()
                && report.problems().isEmpty() ? 2 : 1);
    }

    static RunOptions parse(String[] args) throws java.io.IOException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + name + "'");
            }
            values.put(name.substring(2), args[++i]);
        }
        List<String> known = List.of("seed", "duration", "faults", "nodes", "consistency", "clients", "registers", "counters", "hash-fields",
                "pinned-readers", "snapshot-every", "jar", "workdir");
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        long seed = Long.parseLong(values.getOrDefault("seed", Long.toString(System.currentTimeMillis())));
        Duration duration = duration(values.getOrDefault("duration", "60s"));
        List<Fault> faults = new ArrayList<>(Fault.parse(values.getOrDefault("faults", "kill,pause,partition")));
        int nodes = Integer.parseInt(values.getOrDefault("nodes", "5"));
        Path jar = values.containsKey("jar") ? Path.of(values.get("jar")).toAbsolutePath() : ClusterSettings.sampleJar();
        Path workDir = values.containsKey("workdir") ? Path.of(values.get("workdir")).toAbsolutePath()
                : Files.createTempDirectory("raftboot-fault-run-");
        if (Files.isDirectory(workDir)) {
            try (java.util.stream.Stream<Path> present = Files.list(workDir)) {
                if (present.findAny().isPresent()) {
                    // members would start on an earlier run's data dirs (another cluster, other ports)
                    throw new IllegalArgumentException("--workdir " + workDir + " is not empty: give a new or empty directory");
                }
            }
        }
        return new RunOptions(seed, duration, faults, nodes, values.getOrDefault("consistency", "high"),
                Integer.parseInt(values.getOrDefault("clients", "10")), Integer.parseInt(values.getOrDefault("registers", "8")),
                Integer.parseInt(values.getOrDefault("counters", "4")), Integer.parseInt(values.getOrDefault("hash-fields", "4")),
                Integer.parseInt(values.getOrDefault("pinned-readers", "0")),
                Integer.parseInt(values.getOrDefault("snapshot-every", "0")), jar, workDir);
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, or plain seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + text + "' (use e.g. 90s, 5m)");
        }
    }
}
