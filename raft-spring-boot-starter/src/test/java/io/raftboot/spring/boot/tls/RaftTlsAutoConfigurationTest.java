package io.raftboot.spring.boot.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import io.raftboot.api.RaftNode;
import io.raftboot.tls.TestCertificates;
import io.raftboot.spring.boot.autoconfigure.InvalidRaftPropertiesException;
import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;
import io.raftboot.spring.boot.support.CounterStateMachine;

/** {@code raft.tls.*} from an SSL bundle: wiring, start-up failures that name the property, live reload. */
class RaftTlsAutoConfigurationTest {
    @TempDir
    static Path certs;
    static TestCertificates ca;

    @TempDir
    Path temp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RaftAutoConfiguration.class))
            .withUserConfiguration(CounterStateMachine.class);

    @BeforeAll
    static void authority() {
        ca = TestCertificates.authority(certs, "raft");
    }

    private ApplicationContextRunner withBundle(Path keyStore, String... more) {
        return runner.withPropertyValues("raft.port=0", "raft.log-store=memory",
                        "raft.data-dir=" + temp.resolve("data"), "raft.tls.bundle=raft",
                        "spring.ssl.bundle.jks.raft.keystore.location=file:" + keyStore,
                        "spring.ssl.bundle.jks.raft.keystore.password=" + TestCertificates.PASSWORD,
                        "spring.ssl.bundle.jks.raft.keystore.type=PKCS12",
                        "spring.ssl.bundle.jks.raft.truststore.location=file:" + ca.trustStore(),
                        "spring.ssl.bundle.jks.raft.truststore.password=" + TestCertificates.PASSWORD,
                        "spring.ssl.bundle.jks.raft.truststore.type=PKCS12")
                .withPropertyValues(more);
    }

    @Test
    void aBundleTurnsTlsOnForRaftPort() {
        Path keyStore = ca.issue("member", temp.resolve("member.p12")).keyStore();
        withBundle(keyStore).run(context -> {
            assertThat(context).hasNotFailed();
            int port = context.getBean(RaftNode.class).port();
            try (Jedis jedis = tlsJedis(port)) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
        });
    }

    /** The README's example: a PEM bundle, and a client that needs its certificate. */
    @Test
    void aPemBundleWithClientAuthNeedRefusesClientsWithoutACertificate() {
        Path[] pem = ca.exportPem(ca.issue("member", temp.resolve("member.p12")));
        runner.withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.data-dir=" + temp.resolve("data"),
                "raft.tls.bundle=raft", "raft.tls.client-auth=need",
                "spring.ssl.bundle.pem.raft.keystore.certificate=file:" + pem[0],
                "spring.ssl.bundle.pem.raft.keystore.private-key=file:" + pem[1],
                "spring.ssl.bundle.pem.raft.truststore.certificate=file:" + ca.caPem()).run(context -> {
            assertThat(context).hasNotFailed();
            int port = context.getBean(RaftNode.class).port();
            assertThatThrownBy(() -> {
                try (Jedis jedis = tlsJedis(port)) {
                    jedis.ping();
                }
            }).isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        });
    }

    @Test
    void theBundlesProtocolsAndCiphersAreTheOnlyOnesServed() {
        Path keyStore = ca.issue("member", temp.resolve("member.p12")).keyStore();
        String cipher = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        withBundle(keyStore, "spring.ssl.bundle.jks.raft.options.enabled-protocols=TLSv1.2",
                "spring.ssl.bundle.jks.raft.options.ciphers=" + cipher).run(context -> {
            assertThat(context).hasNotFailed();
            int port = context.getBean(RaftNode.class).port();
            try (SSLSocket socket = handshake(port, "TLSv1.2", "TLSv1.3")) {
                assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(cipher);
            }
            assertThatThrownBy(() -> handshake(port, "TLSv1.3").close()).isInstanceOf(IOException.class);
        });
    }

    private static SSLSocket handshake(int port, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) ca.clientSockets(null).createSocket("127.0.0.1", port);
        try {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(protocols);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Test
    void aReloadOnUpdateBundleServesTheNewCertificateToNewConnections() {
        Path keyStore = ca.issue("member", temp.resolve("member.p12")).keyStore();
        BigInteger first = serialOf(keyStore);
        withBundle(keyStore, "spring.ssl.bundle.jks.raft.reload-on-update=true",
                "spring.ssl.bundle.watch.file.quiet-period=100ms").run(context -> {
            assertThat(context).hasNotFailed();
            int port = context.getBean(RaftNode.class).port();
            assertThat(serialSeenAt(port)).isEqualTo(first);
            ca.issue("member", keyStore);
            BigInteger second = serialOf(keyStore);
            assertThat(second).isNotEqualTo(first);
            await().atMost(Duration.ofSeconds(30)).until(() -> second.equals(serialSeenAt(port)));
        });
    }

    @Test
    void anUnknownBundleFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.tls.bundle=nope").run(context ->
                assertThat(invalidProperties(context.getStartupFailure())).hasMessageStartingWith("raft.tls.bundle 'nope' names no SSL bundle"));
    }

    @Test
    void aBundleWithoutAKeyFailsTheStart() {
        runner.withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.tls.bundle=trustonly",
                "spring.ssl.bundle.jks.trustonly.truststore.location=file:" + ca.trustStore(),
                "spring.ssl.bundle.jks.trustonly.truststore.password=" + TestCertificates.PASSWORD,
                "spring.ssl.bundle.jks.trustonly.truststore.type=PKCS12").run(context ->
                assertThat(invalidProperties(context.getStartupFailure())).hasMessageStartingWith("raft.tls.bundle 'trustonly' has no key"));
    }

    @Test
    void aTlsPortWithoutABundleFailsTheStart() {
        runner.withPropertyValues("raft.port=0", "raft.log-store=memory", "raft.tls.port=0").run(context ->
                assertThat(invalidProperties(context.getStartupFailure())).hasMessage("raft.tls.port needs raft.tls.bundle"));
    }

    /** The start failure the starter reports for bad raft.* values (its failure analyzer names the property). */
    private static Throwable invalidProperties(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidRaftPropertiesException) {
                return t;
            }
        }
        throw new AssertionError("no InvalidRaftPropertiesException in " + failure, failure);
    }

    private static Jedis tlsJedis(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(ca.clientSockets(null)).socketTimeoutMillis(10_000).build());
    }

    private static BigInteger serialSeenAt(int port) throws IOException {
        SSLSocketFactory factory = ca.clientSockets(null);
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readNBytes(7);
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static BigInteger serialOf(Path keyStore) {
        return TestCertificates.serialOf(new TestCertificates.Issued("member", keyStore));
    }
}
