package io.raftboot.faults.cluster;

import io.raftboot.test.net.LinkProxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One member of the cluster under test: a sample-app process behind its {@link LinkProxy}.
 * Its data dir survives kill and restart; every start picks a fresh free RESP port (the proxy's
 * address, which peers and clients are told, never changes).
 */
public final class MemberProcess {
    private final String id;
    private final Path dataDir;
    private final Path logFile;
    private final LinkProxy proxy;
    private volatile Process process;
    private volatile int port;
    private volatile boolean paused;

    MemberProcess(String id, Path baseDir) throws IOException {
        this.id = id;
        this.dataDir = baseDir.resolve(id).resolve("data");
        this.logFile = baseDir.resolve(id).resolve("member.log");
        Files.createDirectories(dataDir.getParent());
        this.proxy = new LinkProxy(id, 1);
    }

    public String id() {
        return id;
    }

    /** The address peers and clients are told (the proxy). */
    public String advertised() {
        return proxy.address();
    }

    /** The member's real RESP address: clients dial it directly, so partitions cut only peer links. */
    public String clientAddress() {
        return "127.0.0.1:" + port;
    }

    public LinkProxy proxy() {
        return proxy;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public boolean isPaused() {
        return paused;
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    void start(ClusterSettings settings, List<String> membershipArguments) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(id + " is already running (pid " + pid() + ")");
        }
        port = freePort();
        proxy.target(port);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx160m");
        command.add("-Xss512k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(settings.jar().toString());
        command.add("--raft.node-id=" + id);
        command.add("--raft.host=127.0.0.1");
        command.add("--raft.port=" + port);
        command.add("--raft.advertise=" + advertised());
        command.add("--raft.data-dir=" + dataDir);
        command.add("--raft.consistency=" + settings.consistency());
        command.add("--raft.election-timeout=" + settings.electionTimeout().toMillis() + "ms");
        command.add("--raft.heartbeat-interval=" + settings.heartbeat().toMillis() + "ms");
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=0");
        command.add("--spring.main.banner-mode=off");
        command.addAll(membershipArguments);
        command.addAll(settings.extraArguments());
        Files.writeString(logFile, "=== start " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        paused = false;
    }

    /** kill -9: no shutdown hook, no flush beyond what was already fsynced. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        if (paused) {
            // a stopped process still dies on SIGKILL; just forget the pause
            paused = false;
        }
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(id + " (pid " + p.pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** Orderly stop (SIGTERM), bounded; SIGKILL if it does not exit. */
    void stop() throws InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (paused) {
            try {
                resume();
            } catch (IOException e) {
                kill();
                return;
            }
        }
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(id + " is not running");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + p.pid() + " failed");
        }
    }

    /** Wipes the data dir (the member must be down). */
    void wipe() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(id + " is running: stop it before wiping its data");
        }
        if (Files.exists(dataDir)) {
            try (var walk = Files.walk(dataDir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    void closeProxy() {
        proxy.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return id + "(" + (isRunning() ? "pid " + pid() + (paused ? ", paused" : "") : "down") + ")";
    }
}
