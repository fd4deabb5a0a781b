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
