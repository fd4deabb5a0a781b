package io.raftboot.faults.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The harness's own faults do what they claim, so that the fault runs mean something. One
 * cluster for all of them: process starts are the expensive part.
 */
class PartitionHarnessIT {

    @Test
    void proxiesPartitionTheLeaderAndKilledOrPausedMembersComeBack() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(
                ClusterSettings.defaults(ClusterSettings.sampleJar(), RunDirs.create("harness"), "high"), 3, Duration.ofSeconds(120))) {
            MemberProcess old = cluster.awaitLeader(Duration.ofSeconds(30));
            assertThat(Admin.call(old.clientAddress(), 3000, "SET", "kept", "before-faults")).isEqualTo("OK");
            List<MemberProcess> rest = cluster.members().stream().filter(m -> m != old).toList();

            // isolation through the proxies: the others elect a leader, the cut-off one steps down (check-quorum)
            cluster.isolate(old);
            await().atMost(Duration.ofSeconds(30)).until(() -> rest.stream()
                    .anyMatch(m -> "Leader".equals(Admin.tryCall(m.clientAddress(), 2000, "RAFTSTATE"))));
            await().atMost(Duration.ofSeconds(30)).until(() -> !"Leader".equals(Admin.tryCall(old.clientAddress(), 2000, "RAFTSTATE")));
            cluster.heal();
            MemberProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> leader.advertised().equals(Admin.tryCall(old.clientAddress(), 2000, "RAFTLEADER")));

            // kill -9 of the leader: another takes over; the killed one restarts from its data dir
            cluster.kill(leader);
            assertThat(leader.isRunning()).isFalse();
            MemberProcess next = cluster.awaitLeader(Duration.ofSeconds(30));
            assertThat(next).isNotSameAs(leader);
            cluster.restart(leader);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> next.advertised().equals(Admin.tryCall(leader.clientAddress(), 2000, "RAFTLEADER")));

            // SIGSTOP of the leader: another takes over; after SIGCONT the data is all there
            cluster.pause(next);
            MemberProcess third = cluster.awaitLeader(Duration.ofSeconds(30));
            assertThat(third).isNotSameAs(next);
            cluster.resume(next);
            assertThat(Admin.call(third.clientAddress(), 3000, "GET", "kept")).isEqualTo("before-faults");
            assertThat(cluster.unexpectedExits()).isEmpty();
        }
    }
}
