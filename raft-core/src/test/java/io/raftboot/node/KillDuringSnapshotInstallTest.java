package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Real processes: a member holding entries that were never committed is killed with -9 while a
 * snapshot that replaces them streams in, and restarted. Every entry it ever applies must be the
 * entry the leader applied at that index, with the same term (the states that simulation seeds 16119
 * and 68998 reached). Checked from each member's record of applied entries, not only final values.
 */
class KillDuringSnapshotInstallTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PAD_MB = 48;

    @TempDir
    Path dir;

    private final List<Member> members = new ArrayList<>();
    private volatile Member lastLeader;

    /** One member process: its slot survives restarts. */
    private final class Member {
        final String id;
        final int port;
        final Path dataDir;
        final Path appliedFile;
        Process process;

        Member(String id, int port) {
            this.id = id;
            this.port = port;
            this.dataDir = dir.resolve(id);
            this.appliedFile = dir.resolve(id + "-applied.log");
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        void start() throws IOException {
            String peers = String.join(",", members.stream().map(m -> m.id + "@" + m.address()).toList());
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-cp", System.getProperty("java.class.path"), RecordingMember.class.getName(),
                    id, Integer.toString(port), dataDir.toString(), appliedFile.toString(), Integer.toString(PAD_MB),
                    peers);
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".out").toFile()));
            process = pb.start();
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        String send(String... args) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                return SingleNodeTest.send(jedis, args);
            } catch (JedisException e) {
                return "-" + e.getMessage();
            }
        }

        String state() {
            return send("RAFTSTATE");
        }

        long stat(String key) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                Object reply = jedis.sendCommand(() -> "RAFTSTATS".getBytes(StandardCharsets.UTF_8));
                List<?> flat = (List<?>) reply;
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    if (new String((byte[]) flat.get(i), StandardCharsets.UTF_8).equals(key)) {
                        return Long.parseLong(new String((byte[]) flat.get(i + 1), StandardCharsets.UTF_8));
                    }
                }
                throw new AssertionError("RAFTSTATS has no " + key);
            } catch (JedisException e) {
                return -1;
            }
        }

        /** index -> "term value" of every entry this member's state machine applied, over all its lives. */
        Map<Long, String> applied() throws IOException {
            Map<Long, String> out = new HashMap<>();
            for (String line : Files.readAllLines(appliedFile)) {
                if (line.startsWith("restored")) {
                    continue;
                }
                String[] parts = line.split(" ", 2);
                String earlier = out.put(Long.parseLong(parts[0]), parts[1]);
                assertThat(earlier == null || earlier.equals(parts[1]))
                        .as(id + " applied two different entries at index " + parts[0] + ": " + earlier + " and "
                                + parts[1]).isTrue();
            }
            return out;
        }
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Member m : members) {
            if (m.process != null && m.process.isAlive()) {
                m.process.destroyForcibly();
                m.process.waitFor();
            }
        }
    }

    @Test
    void aMemberKilledWhileASnapshotReplacesItsUncommittedEntriesNeverAppliesThem() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            members.add(new Member(id, freePort()));
        }
        for (Member m : members) {
            m.start();
        }
        Member a = members.get(0);
        Member b = members.get(1);
        Member c = members.get(2);

        // c leads, and every member holds the first writes
        await().atMost(WAIT).until(() -> members.stream().anyMatch(m -> "Leader".equals(m.state())));
        await().atMost(WAIT).until(() -> "Leader".equals(c.state())
                || "OK".equals(leader().send("RAFTTRANSFER", "c")) && "Leader".equals(c.state()));
        for (int i = 0; i < 20; i++) {
            assertThat(c.send("REC", "first-" + i)).isEqualTo("OK");
        }

        // a and b die; c appends writes that can never commit, then dies with them on its disk. (Not
        // SIGSTOP: a stopped member's socket still buffers what c sends, and once resumed it accepts
        // those entries, so they commit after all.)
        a.kill9();
        b.kill9();
        long before = c.stat("last_log_index");
        try (Socket socket = new Socket("127.0.0.1", c.port)) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 30; i++) {
                out.write(resp("REC", "lost-" + i));
            }
            out.flush();
            await().atMost(WAIT).until(() -> c.stat("last_log_index") >= before + 30);
        }
        c.kill9();

        // a and b come back, elect a new leader and move on far enough that c needs a snapshot
        a.start();
        b.start();
        // (on a loaded machine leadership may move between a and b: writes follow it)
        for (int i = 0; i < 700; i++) {
            writeToLeader("REC", "second-" + i);
        }
        await().atMost(WAIT).until(() -> Math.max(a.stat("last_snapshot_index"), b.stat("last_snapshot_index"))
                > before + 30);

        // c comes back, and is killed while the snapshot streams into a temporary file
        c.start();
        Path snapshots = c.dataDir.resolve("snapshots");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> receiving(snapshots));
        c.kill9();

        c.start();
        await().atMost(WAIT).until(() -> c.stat("applied_index") >= leader().stat("commit_index")
                && c.stat("applied_index") > 0);
        writeToLeader("REC", "last");
        await().atMost(WAIT).until(() -> c.stat("applied_index") >= leader().stat("commit_index"));

        Member leader = leader();
        await().atMost(WAIT).until(() -> leader.stat("applied_index") >= c.stat("applied_index"));
        Map<Long, String> truth = leader.applied();
        Map<Long, String> appliedByC = c.applied();
        assertThat(appliedByC).as("c applied entries").isNotEmpty();
        for (Map.Entry<Long, String> e : appliedByC.entrySet()) {
            assertThat(e.getValue()).as("entry c applied at index " + e.getKey()).isEqualTo(truth.get(e.getKey()));
        }
        assertThat(appliedByC.values()).noneMatch(v -> v.contains("lost-"));
        assertThat(Files.readAllLines(c.appliedFile)).as("c restored the leader's snapshot after the kill")
                .anyMatch(line -> line.startsWith("restored ") && Long.parseLong(line.substring(9)) > before + 30);
        assertThat(c.send("DIGEST")).isEqualTo(leader.send("DIGEST"));
    }

    private Member leader() {
        return await().atMost(WAIT).until(
                () -> members.stream().filter(m -> "Leader".equals(m.state())).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    /**
     * Writes through whichever member leads, asking who leads only when the last leader refuses (a
     * retry after a lost reply only records the value twice).
     */
    private void writeToLeader(String... args) {
        Member last = lastLeader;
        if (last != null && "OK".equals(last.send(args))) {
            return;
        }
        await().atMost(WAIT).until(() -> {
            lastLeader = leader();
            return "OK".equals(lastLeader.send(args));
        });
    }

    /** A snapshot is being received: its temporary file exists. */
    private static boolean receiving(Path snapshots) throws IOException {
        if (!Files.isDirectory(snapshots)) {
            return false;
        }
        try (Stream<Path> files = Files.list(snapshots)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    private static byte[] resp(String... args) {
        StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            out.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
