package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.Consistency;
import io.raftboot.api.NodeRole;
import io.raftboot.api.TlsOptions;
import io.raftboot.tls.TestCertificates;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Members that talk TLS to each other and to clients on raft.port, with certificates made at run time. */
class TlsClusterTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Jedis tlsJedis(int port, SSLSocketFactory sockets) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(sockets).socketTimeoutMillis(10_000).build());
    }

    @SuppressWarnings("unchecked")
    static java.util.Map<String, String> peerStates(Jedis jedis) {
        List<byte[]> flat = (List<byte[]>) jedis.sendCommand(() -> "RAFTPEERS".getBytes());
        java.util.Map<String, String> states = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            states.put(new String(flat.get(i)), new String(flat.get(i + 1)));
        }
        return states;
    }

    @Test
    void threeMembersOverTlsElectALeaderAndReplicate() {
        TestCertificates ca = TestCertificates.shared("cluster");
        cluster = TestCluster.create(3, b -> b.consistency(Consistency.LOW));
        for (TestCluster.Member m : cluster.members()) {
            cluster.startMember(m, cluster.options(m).tls(TlsOptions.of(ca.material(ca.issued(m.id())))));
        }
        TestCluster.Member leader = cluster.awaitLeader();
        SSLSocketFactory client = ca.clientSockets(null);
        try (Jedis jedis = tlsJedis(leader.port, client)) {
            assertThat(jedis.set("k", "over-tls")).isEqualTo("OK");
        }
        for (TestCluster.Member m : cluster.members()) {
            try (Jedis jedis = tlsJedis(m.port, client)) {
                await().atMost(TestCluster.WAIT).until(() -> "over-tls".equals(jedis.get("k")));
            }
        }
    }

    /** The start-up client (join), the snapshot connection and the proxy link all dial TLS. */
    @Test
    void aMemberJoinsATlsClusterBySnapshotAndProxiesWrites() {
        TestCertificates ca = TestCertificates.shared("cluster");
        java.util.function.Consumer<io.raftboot.api.RaftOptions.Builder> common = b -> b
                .consistency(Consistency.LOW).redirect(io.raftboot.api.Redirect.PROXY).snapshotThreshold(100)
                .snapshotLogSizeRatio(0).snapshotInterval(java.time.Duration.ofMillis(20)).snapshotTrailingEntries(10);
        cluster = TestCluster.create(1, common);
        TestCluster.Member first = cluster.member(0);
        cluster.startMember(first, cluster.options(first).tls(TlsOptions.of(ca.material(ca.issued(first.id())))));
        cluster.awaitLeader();
        SSLSocketFactory client = ca.clientSockets(null);
        try (Jedis jedis = tlsJedis(first.port, client)) {
            redis.clients.jedis.Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 500; i++) {
                pipeline.set("key" + i, "value" + i);
            }
            pipeline.sync();
        }
        await().atMost(TestCluster.WAIT).until(() -> first.node().status().lastSnapshotIndex() >= 400);

        TestCluster.Member joiner = cluster.addSlot("joiner");
        io.raftboot.api.RaftOptions.Builder options = io.raftboot.api.RaftOptions.builder().nodeId(joiner.id())
                .host("127.0.0.1").port(joiner.port).dataDir(joiner.dataDir).electionTimeout(TestCluster.ELECTION)
                .heartbeatInterval(TestCluster.HEARTBEAT).shutdownTimeout(java.time.Duration.ofSeconds(1))
                .join(first.address()).tls(TlsOptions.of(ca.material(ca.issued(joiner.id()))));
        common.accept(options);
        cluster.startMember(joiner, options);
        await().atMost(TestCluster.WAIT).until(() -> first.node().status().members().stream()
                .anyMatch(m -> m.id().equals("joiner") && m.voter()));
        try (Jedis jedis = tlsJedis(joiner.port, client)) {
            await().atMost(TestCluster.WAIT).until(() -> "value499".equals(jedis.get("key499")));
            assertThat(joiner.node().status().lastSnapshotIndex()).isPositive();
            // the joiner is a follower: with redirect=proxy its write travels to the leader over TLS
            assertThat(joiner.node().status().role()).isNotEqualTo(NodeRole.LEADER);
            assertThat(jedis.set("proxied", "yes")).isEqualTo("OK");
        }
        try (Jedis jedis = tlsJedis(first.port, client)) {
            assertThat(jedis.get("proxied")).isEqualTo("yes");
        }
    }

    @Test
    void aMemberWithACertificateFromAnotherCaNeverJoins() {
        TestCertificates ca = TestCertificates.shared("cluster");
        TestCertificates other = TestCertificates.shared("other");
        cluster = TestCluster.create(3, b -> b.consistency(Consistency.LOW));
        List<TestCluster.Member> members = cluster.members();
        for (int i = 0; i < 2; i++) {
            TestCluster.Member m = members.get(i);
            cluster.startMember(m, cluster.options(m).tls(TlsOptions.of(ca.material(ca.issued(m.id())))));
        }
        TestCluster.Member stranger = members.get(2);
        cluster.startMember(stranger, cluster.options(stranger)
                .tls(TlsOptions.of(other.material(other.issued(stranger.id())))));

        TestCluster.Member leader = cluster.awaitLeader();
        assertThat(leader).isNotSameAs(stranger);
        try (Jedis jedis = tlsJedis(leader.port, ca.clientSockets(null))) {
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            long committed = leader.node().status().commitIndex();
            TestCluster.Member follower = members.get(leader == members.get(0) ? 1 : 0);
            await().atMost(TestCluster.WAIT).until(() -> follower.node().status().appliedIndex() >= committed);
            // The stranger heard nothing: its TLS handshakes with both members fail in both directions.
            assertThat(stranger.node().status().appliedIndex()).isZero();
            assertThat(stranger.node().status().role()).isNotEqualTo(NodeRole.LEADER);
            assertThat(peerStates(jedis)).containsEntry(stranger.address(), "Unreachable");
        }
        // Its own clients, trusting its CA, reach it but it knows no leader.
        try (Jedis jedis = tlsJedis(stranger.port, other.clientSockets(null))) {
            assertThatThrownBy(() -> jedis.set("k", "w")).hasMessageContaining("CLUSTERDOWN");
        }
    }
}
