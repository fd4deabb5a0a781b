package io.raftboot.sample.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Three (or N) real processes of {@code sample-app.jar} on free 127.0.0.1 ports with temporary
 * data directories; the jar path comes from the {@code sample.jar} system property (set by failsafe).
 * {@link #close()} stops every process and deletes the directories.
 */
final class SampleCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** One member: its fixed ports and directory survive restarts of its process. */
    final class Node {
        final String id;
        final int respPort;
        final int httpPort;
        final Path dir;
        Process process;

        Node(String id, int respPort, int httpPort, Path dir) {
            this.id = id;
            this.respPort = respPort;
            this.httpPort = httpPort;
            this.dir = dir;
        }

        String address() {
            return HOST + ":" + respPort;
        }

        Jedis jedis() {
            return new Jedis(HOST, respPort, 10_000);
        }

        boolean isRunning() {
            return process != null && process.isAlive();
        }

        String log() {
            try {
                Path file = dir.resolve("console.log");
                return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no log)";
            } catch (IOException e) {
                return "(log unreadable: " + e + ")";
            }
        }

        /** The leader address this node reports, if any; null when it does not answer yet. */
        Optional<String> reportedLeader() {
            try (Jedis jedis = jedis()) {
                Object reply = jedis.sendCommand(() -> "RAFTLEADER".getBytes(StandardCharsets.US_ASCII));
                return reply == null ? Optional.empty() : Optional.of(new String((byte[]) reply, StandardCharsets.UTF_8));
            } catch (JedisException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return id + "@" + address();
        }
    }

    static final String HOST = "127.0.0.1";

    private final Path jar;
    private final Path root;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<String> extraArgs;

    SampleCluster(int size, String... extraArgs) throws IOException {
        String jarProperty = System.getProperty("sample.jar");
        if (jarProperty == null) {
            throw new IllegalStateException("system property sample.jar is not set (run through failsafe: mvn verify)");
        }
        this.jar = Paths.get(jarProperty);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("sample jar not found: " + jar + " (mvn package builds it)");
        }
        this.root = Files.createTempDirectory("raftboot-sample-cluster");
        this.extraArgs = List.of(extraArgs);
        for (int i = 1; i <= size; i++) {
            String id = "n" + i;
            nodes.put(id, new Node(id, freePort(), freePort(), Files.createDirectories(root.resolve(id))));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    Node node(String id) {
        return nodes.get(id);
    }

    private String peers() {
        return nodes.values().stream().map(n -> n.id + "@" + n.address()).collect(Collectors.joining(","));
    }

    /** Starts every node and waits until all of them agree on a leader. */
    SampleCluster start() {
        nodes.values().forEach(this::launch);
        awaitLeaderKnownByAll();
        return this;
    }

    void launch(Node node) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--raft.node-id=" + node.id);
        command.add("--raft.host=" + HOST);
        command.add("--raft.port=" + node.respPort);
        command.add("--raft.peers=" + peers());
        command.add("--raft.data-dir=" + node.dir.resolve("data"));
        command.add("--server.address=" + HOST);
        command.add("--server.port=" + node.httpPort);
        command.add("--spring.main.banner-mode=off");
        command.addAll(extraArgs);
        try {
            node.process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dir.resolve("console.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + node, e);
        }
    }

    /** Kills the node's process at once (no shutdown hooks, like a crash). */
    void kill(Node node) throws InterruptedException {
        node.process.destroyForcibly();
        node.process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the node gracefully (SIGTERM: Spring's shutdown, leadership hand-off). */
    void stop(Node node) throws InterruptedException {
        node.process.destroy();
        if (!node.process.waitFor(60, TimeUnit.SECONDS)) {
            node.process.destroyForcibly();
            node.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The running node that every running member names as leader, once they agree. */
    Node awaitLeaderKnownByAll() {
        String[] leader = new String[1];
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            failIfAnyExited();
            List<Optional<String>> views = running().stream().map(Node::reportedLeader).toList();
            if (views.isEmpty() || views.stream().anyMatch(Optional::isEmpty)) {
                return false;
            }
            leader[0] = views.get(0).get();
            // a member that has not noticed yet may still name a leader whose process is gone
            return views.stream().allMatch(v -> v.get().equals(leader[0])) && byAddress(leader[0]).isRunning();
        });
        return byAddress(leader[0]);
    }

    Node leader() {
        return awaitLeaderKnownByAll();
    }

    List<Node> followers() {
        Node leader = leader();
        return running().stream().filter(n -> n != leader).toList();
    }

    List<Node> running() {
        return nodes.values().stream().filter(Node::isRunning).toList();
    }

    Node byAddress(String address) {
        return nodes.values().stream().filter(n -> n.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no member at " + address));
    }

    private void failIfAnyExited() {
        for (Node node : nodes.values()) {
            if (node.process != null && !node.process.isAlive() && node.process.exitValue() != 0
                    && node.process.exitValue() != 137 && node.process.exitValue() != 143) {
                throw new AssertionError(node + " exited with " + node.process.exitValue() + ":\n" + tail(node.log()));
            }
        }
    }

    static String tail(String log) {
        String[] lines = log.split("\n");
        return Stream.of(lines).skip(Math.max(0, lines.length - 60)).collect(Collectors.joining("\n"));
    }

    /** The last lines of every node's log, for failure messages. */
    String logs() {
        return nodes.values().stream().map(n -> "==== " + n + "\n" + tail(n.log())).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() throws IOException {
        for (Node node : nodes.values()) {
            if (node.process != null) {
                node.process.destroyForcibly();
            }
        }
        for (Node node : nodes.values()) {
            if (node.process != null) {
                try {
                    node.process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
