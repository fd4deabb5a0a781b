package io.raftboot.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.RaftNodes;
import io.raftboot.api.Durability;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.LogStoreType;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.storage.DataDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/** The inspector on a data dir a live node is writing, and on damaged copies of one. */
class InspectorTest {
    @TempDir
    Path dir;
    RaftNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private void startNode() {
        startNode(LogStoreType.SEGMENTED);
    }

    private void startNode(LogStoreType logStore) {
        node = RaftNodes.open(RaftOptions.builder().nodeId("n1").host("127.0.0.1").port(0).dataDir(dir)
                .electionTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(50))
                .durability(Durability.HIGH).logStore(logStore).build(), new KvStateMachine());
        await().atMost(Duration.ofSeconds(10)).until(() -> node.status().isLeader());
    }

    private Jedis jedis() {
        return new Jedis("127.0.0.1", node.port(), 10_000);
    }

    record Result(int code, String out, String err) {
    }

    static Result inspect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Inspector.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void showsAndVerifiesADirectoryWhileItsNodeKeepsWriting() throws Exception {
        startNode();
        try (Jedis jedis = jedis()) {
            jedis.set("before", "snapshot");
            jedis.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOT"));
            jedis.set("greeting", "hello world");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Jedis jedis = jedis()) {
                while (writing.get()) {
                    int i = written.incrementAndGet();
                    assertThat(jedis.set("k" + i, "v" + i)).isEqualTo("OK");
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "inspector-test-writer");
        writer.start();
        try {
            for (int round = 0; round < 5; round++) {
                int seen = written.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > seen + 20);
                Result verify = inspect("verify", dir.toString());
                assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(Inspector.OK);
                assertThat(verify.out()).contains("ok      meta.db", "ok      log (segmented", ".snap").endsWith("OK\n");
                Result show = inspect("show", dir.toString());
                assertThat(show.code()).as(show.err()).isZero();
                assertThat(show.out()).contains("term            1", "vote            n1",
                        "configuration   voters [n1@127.0.0.1:" + node.port() + "] learners []",
                        "snapshots       1", "log             segmented, first index 1",
                        "SET greeting \"hello world\"", "SET k1 v1", "\tNOOP\t");
            }
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        assertThat(writerFailure.get()).isNull();
        // the node was not disturbed: its lock is still held and it still serves
        assertThatThrownBy(() -> DataDirectory.lock(dir)).isInstanceOf(IllegalStateException.class);
        try (Jedis jedis = jedis()) {
            assertThat(jedis.get("k" + written.get())).isEqualTo("v" + written.get());
        }
        assertThat(dir.resolve("meta.db")).exists();
    }

    @Test
    void readsTheMapDbLogOfARunningNodeFromACopy() throws Exception {
        startNode(LogStoreType.MAPDB);
        try (Jedis jedis = jedis()) {
            jedis.set("stored", "in mapdb");
        }
        Map<Path, String> before = digests(dir.resolve("log"));
        Result show = inspect("show", dir.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("log             mapdb, first index 1", "SET stored \"in mapdb\"");
        Result verify = inspect("verify", dir.toString());
        assertThat(verify.code()).isEqualTo(Inspector.OK);
        assertThat(verify.out()).contains("ok      log (mapdb, ");
        try (Jedis jedis = jedis()) {
            assertThat(jedis.get("stored")).isEqualTo("in mapdb");
        }
        assertThat(digests(dir.resolve("log"))).isEqualTo(before);
    }

    @Test
    void showLimitsEntriesToTheRequestedRange() throws Exception {
        startNode();
        try (Jedis jedis = jedis()) {
            for (int i = 1; i <= 10; i++) {
                jedis.set("key" + i, "value\n" + i);
            }
        }
        long last = node.status().lastLogIndex();
        Result show = inspect("show", dir.toString(), "--from", String.valueOf(last), "--to", String.valueOf(last));
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("  " + last + "\t1\tCOMMAND\t").contains("SET key10 \"value\\n10\"")
                .doesNotContain("key9").contains("last index " + last);
        Result noEntries = inspect("show", dir.toString(), "--no-entries");
        assertThat(noEntries.out()).doesNotContain("SET key").contains("last index " + last);
    }

    @Test
    void verifyNamesTheFirstDamagedSegmentRecordAndNeverModifiesTheFiles() throws Exception {
        startNode();
        try (Jedis jedis = jedis()) {
            for (int i = 1; i <= 20; i++) {
                jedis.set("key" + i, "value" + i);
            }
        }
        node.close();
        node = null;
        Path segment = onlyFile(dir.resolve("log"), ".seg");
        long recordStart = recordOffset(segment, 5);
        flipByte(segment, recordStart + 30);
        Map<Path, String> before = digests(dir);

        Result verify = inspect("verify", dir.toString());
        assertThat(verify.code()).isEqualTo(Inspector.DAMAGED);
        assertThat(verify.out()).contains("DAMAGED " + segment + " at offset " + recordStart + ": checksum or framing mismatch");
        Result show = inspect("show", dir.toString());
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("DAMAGED: " + segment + " at offset " + recordStart);
        assertThat(digests(dir)).isEqualTo(before);
    }

    @Test
    void verifyNamesADamagedSnapshotAndTheDataOffset() throws Exception {
        startNode();
        try (Jedis jedis = jedis()) {
            for (int i = 1; i <= 20; i++) {
                jedis.set("key" + i, "value" + i);
            }
            jedis.sendCommand(() -> SafeEncoder.encode("RAFTSNAPSHOT"));
        }
        node.close();
        node = null;
        Path snapshot = onlyFile(dir.resolve("snapshots"), ".snap");
        long size = Files.size(snapshot);
        flipByte(snapshot, size - 24 - 3); // inside the data, just before the trailer
        Map<Path, String> before = digests(dir);

        Result verify = inspect("verify", dir.toString());
        assertThat(verify.code()).isEqualTo(Inspector.DAMAGED);
        assertThat(verify.out()).containsPattern("DAMAGED " + java.util.regex.Pattern.quote(snapshot.toString())
                + " at offset \\d+: .*data checksum mismatch").contains("ok      log");
        assertThat(digests(dir)).isEqualTo(before);
    }

    @Test
    void aTornTailIsAWarningNotDamage() throws Exception {
        startNode();
        try (Jedis jedis = jedis()) {
            jedis.set("a", "1");
        }
        node.close();
        node = null;
        Path segment = onlyFile(dir.resolve("log"), ".seg");
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2}, java.nio.file.StandardOpenOption.APPEND);
        Result verify = inspect("verify", dir.toString());
        assertThat(verify.code()).isEqualTo(Inspector.OK);
        assertThat(verify.out()).contains("warning torn tail in " + segment);
    }

    @Test
    void badUsageIsExplained() throws IOException {
        assertThat(inspect().code()).isEqualTo(Inspector.USAGE);
        Result unknown = inspect("frobnicate", dir.toString());
        assertThat(unknown.code()).isEqualTo(Inspector.USAGE);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'", "usage:");
        assertThat(inspect("show", dir.resolve("missing").toString()).err()).contains("not a directory");
        assertThat(inspect("verify", dir.toString()).err()).contains("no raftboot data in " + dir);
        Files.createDirectories(dir.resolve("log"));
        assertThat(inspect("show", dir.toString(), "--from", "x").err()).contains("--from needs an index, not 'x'");
    }

    private static Path onlyFile(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    /** Walks the segment's length-prefixed records (16-byte header first) to the start of record {@code n} (0-based). */
    private static long recordOffset(Path segment, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        long pos = 16;
        for (int i = 0; i < n; i++) {
            pos += 8 + b.getInt((int) pos);
        }
        assertThat(pos).isLessThan(b.capacity());
        return pos;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5A;
        Files.write(file, bytes);
    }

    private static Map<Path, String> digests(Path dir) throws Exception {
        Map<Path, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                digests.put(p, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                        + "/" + Files.getLastModifiedTime(p));
            }
        }
        return digests;
    }
}
