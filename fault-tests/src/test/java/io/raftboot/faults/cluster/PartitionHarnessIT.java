package io.raftboot.faults.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The harness's own faults do what they claim, so that the fault runs mean something. */
class PartitionHarnessIT {
    private ProcessCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void isolatingTheLeaderThroughTheProxiesElectsAnotherAndHealingReunitesThem() throws Exception {
        cluster = ProcessCluster.start(ClusterSettings.defaults(ClusterSettings.sampleJar(), RunDirs.create("partition"), "high"),
                3, Duration.ofSeconds(120));
        MemberProcess old = cluster.awaitLeader(Duration.ofSeconds(30));
        List<MemberProcess> rest = cluster.members().stream().filter(m -> m != old).toList();

        cluster.isolate(old);
        await().atMost(Duration.ofSeconds(30)).until(() -> rest.stream()
                .anyMatch(m -> "Leader".equals(Admin.tryCall(m.clientAddress(), 2000, "RAFTSTATE"))));
        // check-quorum: the cut-off leader stops calling itself leader
        await().atMost(Duration.ofSeconds(30)).until(() -> !"Leader".equals(Admin.tryCall(old.clientAddress(), 2000, "RAFTSTATE")));
        assertThat(Admin.call(rest.get(0).clientAddress(), 3000, "RAFTLEADER")).isNotEqualTo(old.advertised());

        cluster.heal();
        MemberProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> leader.advertised().equals(Admin.tryCall(old.clientAddress(), 2000, "RAFTLEADER")));
    }

    @Test
    void killedAndPausedMembersComeBackFromTheirDataDir() throws Exception {
        cluster = ProcessCluster.start(ClusterSettings.defaults(ClusterSettings.sampleJar(), RunDirs.create("kill"), "high"),
                3, Duration.ofSeconds(120));
        MemberProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
        assertThat(Admin.call(leader.clientAddress(), 3000, "SET", "kept", "before-kill")).isEqualTo("OK");

        cluster.kill(leader);
        assertThat(leader.isRunning()).isFalse();
        MemberProcess next = cluster.awaitLeader(Duration.ofSeconds(30));
        assertThat(next).isNotSameAs(leader);
        cluster.restart(leader);
        await().atMost(Duration.ofSeconds(60)).until(() -> "before-kill".equals(Admin.tryCall(next.clientAddress(), 2000, "GET", "kept")));

        cluster.pause(next);
        MemberProcess third = cluster.awaitLeader(Duration.ofSeconds(30));
        assertThat(third).isNotSameAs(next);
        cluster.resume(next);
        assertThat(Admin.call(third.clientAddress(), 3000, "GET", "kept")).isEqualTo("before-kill");
    }
}
