package io.raftboot.faults.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the harness starts the sample app's processes.
 *
 * @param jar             the repackaged sample app
 * @param workDir         a fresh directory: data dirs and logs of every member go below it
 * @param consistency     {@code raft.consistency}: low, medium or high
 * @param electionTimeout {@code raft.election-timeout} (short, so faults heal quickly)
 * @param heartbeat       {@code raft.heartbeat-interval}
 * @param extraArguments  more {@code --name=value} arguments for every member
 */
public record ClusterSettings(Path jar, Path workDir, String consistency, Duration electionTimeout,
                              Duration heartbeat, List<String> extraArguments) {

    public ClusterSettings {
        extraArguments = List.copyOf(extraArguments);
        if (!List.of("low", "medium", "high").contains(consistency)) {
            throw new IllegalArgumentException("consistency must be low, medium or high: " + consistency);
        }
    }

    public static ClusterSettings defaults(Path jar, Path workDir, String consistency) {
        return new ClusterSettings(jar, workDir, consistency, Duration.ofMillis(400), Duration.ofMillis(60), List.of());
    }

    /** The sample jar named by the system property {@code raftboot.sample.jar}, or the module-relative default. */
    public static Path sampleJar() {
        String configured = System.getProperty("raftboot.sample.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("sample-app", "target", "sample-app.jar");
        if (!jar.toFile().isFile()) {
            jar = Path.of("..", "sample-app", "target", "sample-app.jar");
        }
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException("sample app jar not found (" + configured + "): build it first with "
                    + "mvn -B -ntp -q -DskipTests package -pl sample-app -am");
        }
        return jar.toAbsolutePath().normalize();
    }
}
