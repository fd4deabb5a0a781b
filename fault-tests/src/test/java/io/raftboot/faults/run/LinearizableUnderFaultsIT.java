package io.raftboot.faults.run;

import io.raftboot.faults.cluster.ClusterSettings;
import io.raftboot.faults.cluster.RunDirs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short fault runs of the default test command: real processes, concurrent Jedis clients,
 * faults mixed by a seeded nemesis; every history must be linearizable and every acknowledged
 * write must survive. Long runs: scripts/fault-run.sh.
 */
class LinearizableUnderFaultsIT {

    @Test
    void threeNodesAtHighConsistencyUnderKillsPausesAndPartitions() throws Exception {
        RunReport report = run("high-3", 11, 3, "high", Duration.ofSeconds(25), List.of(Fault.KILL, Fault.PAUSE, Fault.PARTITION));
        assertPassed(report);
    }

    @Test
    void threeNodesAtMediumConsistencyUnderPartitionsPausesKillsAndTransfers() throws Exception {
        RunReport report = run("medium-3", 23, 3, "medium", Duration.ofSeconds(20),
                List.of(Fault.PARTITION, Fault.PAUSE, Fault.KILL, Fault.TRANSFER));
        assertPassed(report);
    }

    @Test
    void fiveNodesAtHighConsistencyUnderMembershipChangesTransfersAndPartitions() throws Exception {
        RunReport report = run("membership-5", 37, 5, "high", Duration.ofSeconds(20),
                List.of(Fault.MEMBERSHIP, Fault.TRANSFER, Fault.PARTITION));
        assertPassed(report);
        assertThat(report.faultsApplied()).anyMatch(f -> f.contains("remove"));
    }

    private static RunReport run(String name, long seed, int nodes, String consistency, Duration duration, List<Fault> faults)
            throws Exception {
        // frequent snapshots with few trailing entries: members that fall behind catch up by InstallSnapshot
        RunOptions options = new RunOptions(seed, duration, faults, nodes, consistency, 6, 6, 3, 4, 0, 400,
                ClusterSettings.sampleJar(), RunDirs.create(name));
        RunReport report = FaultRun.run(options);
        System.out.println(report.describe());
        return report;
    }

    private static void assertPassed(RunReport report) {
        assertThat(report.faultsApplied()).as("faults applied").isNotEmpty();
        assertThat(report.stats().ok()).as("acknowledged operations").isGreaterThan(200);
        assertThat(report.problems()).as(report.describe()).isEmpty();
        assertThat(report.lostWrites()).as(report.describe()).isEmpty();
        assertThat(report.check().verdict()).as(report.describe()).isEqualTo(io.raftboot.test.lin.Verdict.LINEARIZABLE);
    }
}
