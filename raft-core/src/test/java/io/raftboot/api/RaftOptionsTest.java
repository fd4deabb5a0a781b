package io.raftboot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftOptionsTest {

    @Test
    void defaultsFollowTheContract() {
        RaftOptions options = RaftOptions.builder().build();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(7481);
        assertThat(options.nodeId()).isEmpty();
        assertThat(options.durability()).isEqualTo(Durability.HIGH);
        assertThat(options.consistency()).isEqualTo(Consistency.HIGH);
        assertThat(options.redirect()).isEqualTo(Redirect.TRY);
        assertThat(options.electionTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.joinTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.logStore()).isEqualTo(LogStoreType.SEGMENTED);
        assertThat(options.snapshotThreshold()).isEqualTo(8192);
        assertThat(options.snapshotLogSizeRatio()).isEqualTo(1.0);
        assertThat(options.snapshotMaxLogBytes()).isEqualTo(256L << 20);
        assertThat(options.snapshotInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.snapshotTrailingEntries()).isEqualTo(10240);
        assertThat(options.snapshotRetain()).isEqualTo(2);
        assertThat(options.maxAppendBytes()).isEqualTo(1 << 20);
        assertThat(options.limits()).isEqualTo(ClientLimits.DEFAULTS);
        assertThat(options.limits().maxClients()).isEqualTo(10_000);
    }

    @Test
    void requestTimeoutDefaultsToTwiceTheElectionTimeout() {
        RaftOptions options = RaftOptions.builder().electionTimeout(Duration.ofMillis(300))
                .heartbeatInterval(Duration.ofMillis(50)).build();
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void heartbeatMustBeBelowElectionTimeout() {
        assertThatThrownBy(() -> RaftOptions.builder().heartbeatInterval(Duration.ofSeconds(1)).build())
                .hasMessageContaining("raft.heartbeat-interval must be below raft.election-timeout");
    }

    @Test
    void badValuesNameTheirProperty() {
        assertThatThrownBy(() -> RaftOptions.builder().nodeId("a b").build()).hasMessageContaining("raft.node-id");
        assertThatThrownBy(() -> RaftOptions.builder().port(70000).build()).hasMessageContaining("raft.port");
        assertThatThrownBy(() -> RaftOptions.builder().join("nohost").build()).hasMessageContaining("raft.join");
        assertThatThrownBy(() -> RaftOptions.builder().peers("a@h:1", "a@h:2").build())
                .hasMessageContaining("raft.peers");
        assertThatThrownBy(() -> RaftOptions.builder().peers("bad").build()).hasMessageContaining("raft.peers");
        assertThatThrownBy(() -> RaftOptions.builder().nodeId("x").peers("a@h:1").build())
                .hasMessageContaining("raft.peers must list this member");
        assertThatThrownBy(() -> RaftOptions.builder().snapshotRetain(0).build())
                .hasMessageContaining("raft.snapshot.retain");
        assertThatThrownBy(() -> RaftOptions.builder().electionTimeout(Duration.ZERO).build())
                .hasMessageContaining("raft.election-timeout");
        assertThatThrownBy(() -> RaftOptions.builder().join("h:1").peers("a@h:1").build())
                .hasMessageContaining("raft.join and raft.peers");
    }

    @Test
    void snapshotPolicyValuesAreCheckedAndNamed() {
        assertThatThrownBy(() -> RaftOptions.builder().snapshotThreshold(0).build())
                .hasMessageContaining("raft.snapshot.threshold");
        for (double ratio : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> RaftOptions.builder().snapshotLogSizeRatio(ratio).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("raft.snapshot.log-size-ratio");
        }
        assertThatThrownBy(() -> RaftOptions.builder().snapshotMaxLogBytes(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raft.snapshot.max-log-bytes");
        assertThatThrownBy(() -> RaftOptions.builder().snapshotInterval(Duration.ZERO).build())
                .hasMessageContaining("raft.snapshot.interval");
        assertThatThrownBy(() -> RaftOptions.builder().snapshotInterval(null).build())
                .hasMessageContaining("raft.snapshot.interval");

        RaftOptions entriesOnly = RaftOptions.builder().snapshotLogSizeRatio(0).snapshotMaxLogBytes(1)
                .snapshotInterval(Duration.ofMillis(1)).build();
        for (RaftOptions options : List.of(entriesOnly, entriesOnly.toBuilder().build())) {
            assertThat(options.snapshotLogSizeRatio()).isZero();
            assertThat(options.snapshotMaxLogBytes()).isEqualTo(1);
            assertThat(options.snapshotInterval()).isEqualTo(Duration.ofMillis(1));
        }
    }

    @Test
    void nonLoopbackHostNeedsASecretUnlessInsecurePeers() {
        assertThatThrownBy(() -> RaftOptions.builder().host("0.0.0.0").build())
                .hasMessageContaining("raft.cluster-secret is required");
        assertThat(RaftOptions.builder().host("0.0.0.0").insecurePeers(true).build().host()).isEqualTo("0.0.0.0");
        assertThat(RaftOptions.builder().host("0.0.0.0").clusterSecret("s").build().clusterSecret()).contains("s");
    }

    @Test
    void passwordsAreNotPrinted() {
        assertThat(RaftOptions.builder().password("hunter2").clusterSecret("s3cret").build().toString())
                .doesNotContain("hunter2").doesNotContain("s3cret");
    }
}
