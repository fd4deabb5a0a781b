package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import io.raftboot.api.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** MULTI/EXEC/DISCARD/WATCH/UNWATCH and WAIT on running members, through Jedis. */
class TransactionTest {
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Object send(Jedis jedis, String... args) {
        Object reply = jedis.sendCommand(() -> SafeEncoder.encode(args[0]), java.util.Arrays.copyOfRange(args, 1, args.length));
        return text(reply);
    }

    /** Bulk and status replies as strings, arrays element by element, errors inside arrays as their text. */
    static Object text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(item instanceof JedisDataException e ? "-" + e.getMessage() : text(item));
            }
            return out;
        }
        return reply;
    }

    /** MULTI, one queued command, EXEC: the EXEC reply. */
    static Object block(Jedis jedis, String... command) {
        assertThat(send(jedis, "MULTI")).isEqualTo("OK");
        assertThat(send(jedis, command)).isEqualTo("QUEUED");
        return send(jedis, "EXEC");
    }

    @Test
    void queuedCommandsRunTogetherWithRedisRepliesAndErrors() {
        cluster = TestCluster.start(1);
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThatThrownBy(() -> send(jedis, "EXEC")).hasMessage("ERR EXEC without MULTI");
            assertThatThrownBy(() -> send(jedis, "DISCARD")).hasMessage("ERR DISCARD without MULTI");
            assertThat(send(jedis, "MULTI")).isEqualTo("OK");
            assertThatThrownBy(() -> send(jedis, "MULTI")).hasMessage("ERR MULTI calls can not be nested");
            assertThatThrownBy(() -> send(jedis, "WATCH", "a")).hasMessage("ERR WATCH inside MULTI is not allowed");
            assertThat(send(jedis, "SET", "a", "1")).isEqualTo("QUEUED");
            assertThat(send(jedis, "INCR", "a")).isEqualTo("QUEUED");
            assertThat(send(jedis, "GET", "a")).isEqualTo("QUEUED");
            assertThat(send(jedis, "SETNUM", "b", "not-a-number")).isEqualTo("QUEUED");
            assertThat(send(jedis, "UNWATCH")).isEqualTo("QUEUED");
            assertThat(send(jedis, "SET", "c", "3")).isEqualTo("QUEUED");
            // neither the nested MULTI nor WATCH doomed the block; a runtime error is that command's reply
            assertThat(send(jedis, "EXEC")).isEqualTo(List.of("OK", 2L, "2",
                    "-ERR value is not an integer or out of range", "OK", "OK"));
            assertThat(jedis.get("c")).isEqualTo("3");

            assertThat(send(jedis, "MULTI")).isEqualTo("OK");
            assertThat(send(jedis, "EXEC")).isEqualTo(List.of());

            assertThat(send(jedis, "MULTI")).isEqualTo("OK");
            assertThat(send(jedis, "SET", "a", "9")).isEqualTo("QUEUED");
            assertThat(send(jedis, "DISCARD")).isEqualTo("OK");
            assertThat(jedis.get("a")).isEqualTo("2");
        }
    }

    @Test
    void anErrorWhileQueuingAbortsTheWholeBlock() {
        cluster = TestCluster.start(1);
        try (Jedis jedis = cluster.member(0).jedis()) {
            for (String[] bad : List.of(new String[] {"NOSUCH", "x"}, new String[] {"GET"}, new String[] {"PING"})) {
                assertThat(send(jedis, "MULTI")).isEqualTo("OK");
                assertThat(send(jedis, "SET", "kept-out", "1")).isEqualTo("QUEUED");
                assertThatThrownBy(() -> send(jedis, bad)).isInstanceOf(JedisDataException.class);
                assertThatThrownBy(() -> send(jedis, "EXEC"))
                        .hasMessage("EXECABORT Transaction discarded because of previous errors.");
                assertThat(jedis.get("kept-out")).isNull();
            }
        }
    }

    @Test
    void watchAbortsWhenAWatchedKeyChangedAndNotOtherwise() {
        cluster = TestCluster.start(1);
        try (Jedis client = cluster.member(0).jedis(); Jedis other = cluster.member(0).jedis()) {
            client.set("w", "0");
            assertThat(send(client, "WATCH", "w")).isEqualTo("OK");
            other.set("w", "changed");
            assertThat(block(client, "SET", "w", "mine")).as("aborted: a null array").isNull();
            assertThat(client.get("w")).isEqualTo("changed");

            // EXEC forgot the watch: the next block runs
            other.set("w", "again");
            assertThat(block(client, "SET", "w", "mine")).isEqualTo(List.of("OK"));

            // watched and untouched, a write before the watch does not count
            assertThat(send(client, "WATCH", "w")).isEqualTo("OK");
            assertThat(block(client, "INCR", "n")).isEqualTo(List.of(1L));

            // UNWATCH forgets
            assertThat(send(client, "WATCH", "w")).isEqualTo("OK");
            other.set("w", "x");
            assertThat(send(client, "UNWATCH")).isEqualTo("OK");
            assertThat(block(client, "GET", "w")).isEqualTo(List.of("x"));

            // a read-only block with a modified watched key aborts too (served as a read)
            assertThat(send(client, "WATCH", "w")).isEqualTo("OK");
            other.del("w");
            assertThat(block(client, "GET", "w")).isNull();

            // watched, untouched and nothing queued: an empty block, served as a read
            assertThat(send(client, "WATCH", "w")).isEqualTo("OK");
            assertThat(send(client, "MULTI")).isEqualTo("OK");
            assertThat(send(client, "EXEC")).isEqualTo(List.of());
        }
    }

    @Test
    void aFollowerRedirectsAWritingExecAndTheProxyRunsItOnTheLeader() {
        cluster = TestCluster.start(3, b -> b.redirect(Redirect.PROXY).consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = cluster.followers().get(0);
        await().atMost(TestCluster.WAIT).until(() -> leader.address().equals(follower.node().status().leaderAddress()));
        try (Jedis jedis = follower.jedis()) {
            // the cluster's first logged transaction starts WATCH tracking
            assertThat(block(jedis, "SET", "p", "1")).isEqualTo(List.of("OK"));
            assertThat(send(jedis, "WATCH", "p")).isEqualTo("OK");
            assertThat(send(jedis, "MULTI")).isEqualTo("OK");
            assertThat(send(jedis, "INCR", "p")).isEqualTo("QUEUED");
            assertThat(send(jedis, "GET", "p")).isEqualTo("QUEUED");
            assertThat(send(jedis, "EXEC")).as("our own write before WATCH does not abort")
                    .isEqualTo(List.of(2L, "2"));
            // a local read after it, at low consistency, waits for this member to apply it
            assertThat(jedis.get("p")).isEqualTo("2");
        }
    }

    @Test
    void aFollowerAnswersTryForAWritingExec() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member follower = cluster.followers().get(0);
        await().atMost(TestCluster.WAIT).until(() -> leader.address().equals(follower.node().status().leaderAddress()));
        try (Jedis jedis = follower.jedis()) {
            assertThatThrownBy(() -> block(jedis, "SET", "t", "1")).hasMessage("TRY " + leader.address());
            assertThatThrownBy(() -> send(jedis, "WAIT", "1", "0")).hasMessage("TRY " + leader.address());
        }
    }

    /**
     * Two counters moved by transactions that keep their sum, from clients on the leader that retry
     * when WATCH aborts, while readers on every member read both counters in one read-only block: no
     * reader ever sees the sum broken, and every member ends with the same counters.
     */
    @Test
    void transfersBetweenTwoKeysAreNeverSeenHalfAppliedOnAnyMember() throws Exception {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW));
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis setup = leader.jedis()) {
            send(setup, "MULTI");
            send(setup, "SET", "from", "100");
            send(setup, "SET", "to", "0");
            assertThat(send(setup, "EXEC")).isEqualTo(List.of("OK", "OK"));
        }
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> movers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                movers.add(pool.submit(() -> {
                    int aborted = 0;
                    try (Jedis jedis = leader.jedis()) {
                        for (int moved = 0; moved < 25; ) {
                            send(jedis, "WATCH", "from", "to");
                            long from = Long.parseLong(jedis.get("from"));
                            long to = Long.parseLong(jedis.get("to"));
                            send(jedis, "MULTI");
                            send(jedis, "SETNUM", "from", Long.toString(from - 1));
                            send(jedis, "SETNUM", "to", Long.toString(to + 1));
                            if (send(jedis, "EXEC") == null) {
                                aborted++;
                            } else {
                                moved++;
                            }
                        }
                    }
                    return aborted;
                }));
            }
            List<Future<Integer>> readers = new ArrayList<>();
            for (TestCluster.Member member : cluster.members()) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    try (Jedis jedis = member.jedis()) {
                        while (!done.get() || reads == 0) {
                            send(jedis, "MULTI");
                            send(jedis, "GET", "from");
                            send(jedis, "GET", "to");
                            @SuppressWarnings("unchecked")
                            List<Object> both = (List<Object>) send(jedis, "EXEC");
                            if (both.get(0) == null && both.get(1) == null) {
                                continue; // this member has not applied the setup block yet
                            }
                            long sum = Long.parseLong((String) both.get(0)) + Long.parseLong((String) both.get(1));
                            assertThat(sum).as("read on %s", member.id()).isEqualTo(100);
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            for (Future<Integer> mover : movers) {
                mover.get();
            }
            done.set(true);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isPositive();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        for (TestCluster.Member member : cluster.members()) {
            try (Jedis jedis = member.jedis()) {
                await().atMost(TestCluster.WAIT).untilAsserted(() -> {
                    assertThat(jedis.get("from")).isEqualTo("50");
                    assertThat(jedis.get("to")).isEqualTo("50");
                });
            }
        }
    }

    /**
     * A follower that comes back after the leader compacted past the watch installs a snapshot, so it
     * lacks the log that the leader judged the EXEC by: the watch table in the snapshot makes it judge
     * the same (without it, it would count every key as modified and skip the block the leader applied).
     */
    @Test
    void aFollowerRestoredFromASnapshotJudgesAWatchedExecAsTheLeaderDoes() {
        cluster = TestCluster.start(3, b -> b.consistency(Consistency.LOW).snapshotThreshold(20)
                .snapshotLogSizeRatio(0).snapshotInterval(java.time.Duration.ofMillis(20)).snapshotTrailingEntries(5));
        TestCluster.Member leader = cluster.awaitLeader();
        TestCluster.Member behind = cluster.followers().get(0);
        try (Jedis client = leader.jedis(); Jedis other = leader.jedis()) {
            // the cluster's first logged transaction starts WATCH tracking (and the table's place in snapshots)
            assertThat(block(client, "SET", "untouched", "0")).isEqualTo(List.of("OK"));
            cluster.stop(behind);
            assertThat(send(client, "WATCH", "untouched")).isEqualTo("OK");
            long watchedAt = leader.node().status().appliedIndex();
            for (int i = 0; i < 200; i++) {
                other.set("busy" + (i % 7), Integer.toString(i));
            }
            // generous: a restart and a snapshot install on a loaded machine
            java.time.Duration catchUp = java.time.Duration.ofSeconds(60);
            await().atMost(catchUp).until(() -> leader.node().status().lastSnapshotIndex() > watchedAt + 5);
            cluster.startMember(behind);
            await().atMost(catchUp).until(() -> behind.node().status().appliedIndex()
                    >= leader.node().status().commitIndex());
            assertThat(behind.node().status().lastSnapshotIndex()).as("it caught up by a snapshot").isGreaterThan(watchedAt);
            assertThat(block(client, "SET", "untouched", "set-in-block")).isEqualTo(List.of("OK"));
        }
        for (TestCluster.Member member : cluster.members()) {
            try (Jedis jedis = member.jedis()) {
                await().atMost(TestCluster.WAIT).untilAsserted(() ->
                        assertThat(jedis.get("untouched")).as(member.id()).isEqualTo("set-in-block"));
            }
        }
    }

    @Test
    void waitCountsTheFollowersHoldingThisConnectionsLastWrite() {
        cluster = TestCluster.start(3);
        TestCluster.Member leader = cluster.awaitLeader();
        try (Jedis jedis = leader.jedis()) {
            jedis.set("k", "v");
            assertThat(send(jedis, "WAIT", "2", "0")).isEqualTo(2L);
            assertThat(send(jedis, "WAIT", "5", "100")).as("only two followers exist: the timeout answers").isEqualTo(2L);
            assertThatThrownBy(() -> send(jedis, "WAIT", "1", "-1")).hasMessage("ERR timeout is negative");
            assertThatThrownBy(() -> send(jedis, "WAIT", "x", "1")).hasMessage("ERR value is not an integer or out of range");
            TestCluster.Member stopped = cluster.followers().get(0);
            cluster.stop(stopped);
            jedis.set("k", "w");
            assertThat(send(jedis, "WAIT", "2", "300")).as("one follower is down").isEqualTo(1L);
        }
    }
}
