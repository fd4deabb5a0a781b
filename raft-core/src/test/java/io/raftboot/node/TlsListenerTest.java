package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.TlsClientAuth;
import io.raftboot.api.TlsManagers;
import io.raftboot.api.TlsMaterial;
import io.raftboot.api.TlsOptions;
import io.raftboot.tls.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** One member with TLS: who gets in, who does not, and what a reload changes. */
class TlsListenerTest {
    static final TestCertificates CA = TestCertificates.shared("cluster");
    static final TestCertificates OTHER = TestCertificates.shared("other");

    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    int startOne(TlsOptions tls) {
        cluster = TestCluster.start(1, b -> b.tls(tls));
        return cluster.member(0).port;
    }

    static TlsOptions tls(TestCertificates ca, String member) {
        return TlsOptions.of(ca.material(ca.issued(member)));
    }

    @Test
    void aPlainClientAtTheTlsPortIsClosedWithoutAReply() throws IOException {
        int port = startOne(tls(CA, "n1"));
        assertThat(plainExchange(port)).doesNotContain("PONG").doesNotStartWith("+").doesNotStartWith("-");
    }

    @Test
    void aClientWithoutACertificateIsServedButCannotStartThePeerHandshake() {
        int port = startOne(tls(CA, "n1"));
        byte[] nonce = new byte[16];
        try (Jedis jedis = TlsClusterTest.tlsJedis(port, CA.clientSockets(null))) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("k", "v")).isEqualTo("OK");
            assertThatThrownBy(() -> jedis.sendCommand(() -> "RAFT.CHALLENGE".getBytes(), nonce))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH peer handshake requires a trusted TLS client certificate");
        }
        try (Jedis peer = TlsClusterTest.tlsJedis(port, CA.clientSockets(CA.issued("n2")))) {
            // past the gate: the handshake's own challenge answers (nonce, proof)
            assertThat((List<?>) peer.sendCommand(() -> "RAFT.CHALLENGE".getBytes(), nonce)).hasSize(2);
        }
    }

    @Test
    void needRefusesClientsWithoutATrustedCertificate() {
        int port = startOne(tls(CA, "n1").withClientAuth(TlsClientAuth.NEED));
        // the handshake fails whether the client library connects at once or on first use
        assertThatThrownBy(() -> pingOver(port, CA.clientSockets(null))).isInstanceOf(JedisConnectionException.class);
        SSLSocketFactory foreign = trustingClusterPresenting(OTHER.issued("stranger"));
        assertThatThrownBy(() -> pingOver(port, foreign)).isInstanceOf(JedisConnectionException.class);
        try (Jedis trusted = TlsClusterTest.tlsJedis(port, CA.clientSockets(CA.issued("client")))) {
            assertThat(trusted.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aSeparateTlsPortLeavesRaftPortPlainForAMigration() throws IOException {
        startOne(tls(CA, "n1").withSeparatePort(0));
        RaftNode node = cluster.member(0).node();
        assertThat(node.tlsPort()).isPositive().isNotEqualTo(node.port());
        try (Jedis plain = cluster.member(0).jedis();
             Jedis secure = TlsClusterTest.tlsJedis(node.tlsPort(), CA.clientSockets(null))) {
            assertThat(plain.set("k", "v")).isEqualTo("OK");
            assertThat(secure.get("k")).isEqualTo("v");
        }
        assertThat(plainExchange(node.tlsPort())).doesNotContain("PONG");
    }

    @Test
    void newConnectionsUseReloadedMaterialAndOpenOnesKeepTheirs(@TempDir Path dir) throws IOException {
        TestCertificates.Issued first = CA.issue("n1", dir.resolve("first.p12"));
        TestCertificates.Issued second = CA.issue("n1", dir.resolve("second.p12"));
        AtomicReference<TlsManagers> current = new AtomicReference<>(CA.managers(first));
        int port = startOne(TlsOptions.of(current::get));
        SSLSocketFactory client = CA.clientSockets(null);
        try (SSLSocket before = handshake(client, port)) {
            assertThat(serial(before)).isEqualTo(TestCertificates.serialOf(first));
            current.set(CA.managers(second));
            try (SSLSocket after = handshake(client, port)) {
                assertThat(serial(after)).isEqualTo(TestCertificates.serialOf(second));
            }
            before.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(before.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void pemFilesWork() {
        Path[] pem = CA.exportPem(CA.issued("n1"));
        int port = startOne(TlsOptions.of(TlsMaterial.pem(pem[0], pem[1], CA.caPem())));
        try (Jedis jedis = TlsClusterTest.tlsJedis(port, CA.clientSockets(null))) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void unreadableMaterialIsRefusedNamingRaftTls(@TempDir Path dir) {
        assertThatThrownBy(() -> TlsMaterial.keyStores(CA.issued("n1").keyStore(), "wrong".toCharArray(),
                CA.trustStore(), TestCertificates.PASSWORD.toCharArray(), "PKCS12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("raft.tls: cannot read the key store");
        assertThatThrownBy(() -> TlsMaterial.pem(dir.resolve("missing.pem"), dir.resolve("key.pem"), CA.caPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("raft.tls:");
        RaftOptions.Builder sameport = RaftOptions.builder().port(7000).tls(tls(CA, "n1").withSeparatePort(7000));
        assertThatThrownBy(sameport::build).hasMessage("raft.tls.port must differ from raft.port (7000)");
    }

    @Test
    void lettuceConnectsWithTlsVerifyingTheServer() {
        int port = startOne(tls(CA, "n1"));
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(port)
                .withSsl(true).withVerifyPeer(io.lettuce.core.SslVerifyMode.FULL).build();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri);
        try {
            client.setOptions(io.lettuce.core.ClientOptions.builder()
                    .sslOptions(io.lettuce.core.SslOptions.builder().jdkSslProvider()
                            .truststore(CA.trustStore().toFile(), TestCertificates.PASSWORD).build())
                    .build());
            try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().set("lettuce", "tls")).isEqualTo("OK");
                assertThat(connection.sync().get("lettuce")).isEqualTo("tls");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisCliConnectsWithTls() throws Exception {
        assumeThat(redisCliWithTls()).as("redis-cli built with TLS").isTrue();
        int port = startOne(tls(CA, "n1"));
        Process cli = new ProcessBuilder("redis-cli", "--tls", "--cacert", CA.caPem().toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(port), "SET", "cli", "ok").redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("OK");
        try (Jedis jedis = TlsClusterTest.tlsJedis(port, CA.clientSockets(null))) {
            assertThat(jedis.get("cli")).isEqualTo("ok");
        }
    }

    static String pingOver(int port, SSLSocketFactory sockets) {
        try (Jedis jedis = TlsClusterTest.tlsJedis(port, sockets)) {
            return jedis.ping();
        }
    }

    static boolean redisCliWithTls() {
        try {
            Process help = new ProcessBuilder("redis-cli", "--help").redirectErrorStream(true).start();
            String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            help.waitFor(30, TimeUnit.SECONDS);
            return text.contains("--tls");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Trusts the cluster CA (so the server is verified) but presents a certificate of another CA. */
    static SSLSocketFactory trustingClusterPresenting(TestCertificates.Issued foreign) {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            TlsManagers keys = OTHER.managers(foreign);
            TlsManagers trust = CA.managers(CA.issued("n1"));
            context.init(keys.keys().getKeyManagers(), trust.trust().getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLSocket handshake(SSLSocketFactory factory, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    static BigInteger serial(SSLSocket socket) throws IOException {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    /** Sends PING in plain text and returns whatever comes back before the server closes. */
    static String plainExchange(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    got.write(b);
                }
            } catch (SocketException reset) {
                // a reset is a refusal too
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
