package io.raftboot.faults.run;

import io.raftboot.faults.cluster.ClusterSettings;
import io.raftboot.faults.cluster.MemberProcess;
import io.raftboot.faults.cluster.ProcessCluster;
import io.raftboot.faults.cluster.RunDirs;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.lin.CheckResult;
import io.raftboot.test.lin.KeyResult;
import io.raftboot.test.lin.LinearizabilityChecker;
import io.raftboot.test.lin.Models;
import io.raftboot.faults.workload.OpType;
import io.raftboot.test.history.Operation;
import io.raftboot.test.lin.Verdict;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code raft.consistency=low} serves reads from local state: a member cut off from the leader
 * keeps answering with what it had. The harness must catch that, or its passing runs prove
 * nothing: the recorded history goes through the same checker and must be rejected, with a
 * window naming the stale read.
 */
class StaleReadsIT {

    @Test
    void lowConsistencyServesStaleReadsFromACutOffMemberAndTheCheckerCatchesThem() throws Exception {
        ClusterSettings settings = ClusterSettings.defaults(ClusterSettings.sampleJar(), RunDirs.create("stale-low"), "low");
        try (ProcessCluster cluster = ProcessCluster.start(settings, 3, Duration.ofSeconds(120))) {
            MemberProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
            MemberProcess follower = cluster.members().stream().filter(m -> m != leader).findFirst().orElseThrow();
            HistoryRecorder recorder = new HistoryRecorder();
            String key = "stale-register";

            set(recorder, 1, leader, key, "v1");
            // the follower has applied v1 (reads there are local at low)
            await().atMost(Duration.ofSeconds(30)).until(() -> "v1".equals(get(follower, key)));

            cluster.isolate(follower);
            // the majority side keeps a leader and commits v2 without the follower
            MemberProcess majorityLeader = cluster.awaitLeader(Duration.ofSeconds(30));
            assertThat(majorityLeader).isNotSameAs(follower);
            set(recorder, 1, majorityLeader, key, "v2");

            HistoryRecorder.Pending read = recorder.invoke(2, key, OpType.READ.command(), null);
            String seen = get(follower, key);
            read.ok(seen);
            assertThat(seen).as("the cut-off member answers from its own, stale state").isEqualTo("v1");

            CheckResult result = new LinearizabilityChecker(Models.keyspace()).check(recorder.history());
            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            KeyResult violation = result.violations().get(0);
            assertThat(violation.window()).extracting(Operation::toString)
                    .anyMatch(op -> op.contains("SET " + key + " v2"))
                    .anyMatch(op -> op.contains("GET " + key + " -> v1"));
            assertThat(violation.window()).hasSizeLessThanOrEqualTo(3);

            cluster.heal();
        }
    }

    private static void set(HistoryRecorder recorder, int process, MemberProcess member, String key, String value) {
        HistoryRecorder.Pending op = recorder.invoke(process, key, OpType.WRITE.command(), value);
        try (Jedis jedis = new Jedis(HostAndPort.from(member.clientAddress()))) {
            String reply = jedis.set(key, value);
            assertThat(reply).isEqualTo("OK");
            op.ok(reply);
        }
    }

    private static String get(MemberProcess member, String key) {
        try (Jedis jedis = new Jedis(HostAndPort.from(member.clientAddress()))) {
            return jedis.get(key);
        }
    }

}
