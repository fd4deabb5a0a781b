package io.raftboot.faults.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import io.raftboot.test.ClusterMember;
import io.raftboot.test.ClusterSettings;
import io.raftboot.test.RaftCluster;
import io.raftboot.test.RecordingClient;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.history.Operation;
import io.raftboot.test.lin.CheckResult;
import io.raftboot.test.lin.KeyResult;
import io.raftboot.test.lin.Linearizability;
import io.raftboot.test.lin.Models;
import io.raftboot.test.lin.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code raft.consistency=low} serves reads from local state: a member cut off from the leader
 * keeps answering with what it had. The checker must catch that, or passing fault runs prove
 * nothing: the recorded history is rejected, with a window naming the stale read. Formerly a
 * process test against the sample jar; on the test kit it runs in the JVM, through the same
 * link proxies, in a few seconds.
 */
class StaleReadsTest {
    private static final String KEY = "stale-register";

    @Test
    void lowConsistencyServesStaleReadsFromACutOffMemberAndTheCheckerCatchesThem() {
        ClusterSettings settings = ClusterSettings.of(3, Register::new).withOptions(o -> o.consistency(Consistency.LOW));
        try (RaftCluster cluster = RaftCluster.start(settings)) {
            HistoryRecorder history = new HistoryRecorder();
            RecordingClient writer = cluster.client(1, history);
            ClusterMember follower = cluster.others(cluster.leader()).get(0);

            assertThat(writer.call("SET", KEY, "v1")).isEqualTo("OK");
            // the follower has applied v1 (reads there are local at low)
            await().atMost(Duration.ofSeconds(30)).until(() -> "v1".equals(get(follower)));

            cluster.isolate(follower);
            assertThat(cluster.leader()).isNotSameAs(follower);
            assertThat(writer.call("SET", KEY, "v2")).isEqualTo("OK");

            HistoryRecorder.Pending read = history.invoke(2, KEY, "GET", null);
            String seen = get(follower);
            read.ok(seen);
            assertThat(seen).as("the cut-off member answers from its own, stale state").isEqualTo("v1");

            CheckResult result = Linearizability.check(history.history(), Models.register());
            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            KeyResult violation = result.violations().get(0);
            assertThat(violation.window()).extracting(Operation::toString)
                    .anyMatch(op -> op.contains("SET " + KEY + " v2"))
                    .anyMatch(op -> op.contains("GET " + KEY + " -> v1"));
            assertThat(violation.window()).hasSizeLessThanOrEqualTo(3);
        }
    }

    private static String get(ClusterMember member) {
        Object reply = member.execute("GET", KEY);
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }
}
