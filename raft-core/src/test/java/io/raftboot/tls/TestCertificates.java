package io.raftboot.tls;

import io.raftboot.api.TlsManagers;
import io.raftboot.api.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA made at run time with the JDK's keytool (no key is committed): it issues member and
 * client certificates for 127.0.0.1/localhost, in PKCS12 key stores, and exports PEM files.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    private final Path dir;
    private final String name;
    private final Path caStore;
    private final Path caPem;
    private final Path trustStore;

    /** An issued certificate: a PKCS12 store with alias {@code member} holding key and chain. */
    public record Issued(String name, Path keyStore) {
    }

    private static final java.util.Map<String, TestCertificates> SHARED = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Issued> issuedOnce = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One CA per name for the whole test JVM, in a temp dir deleted at exit: keytool runs cost
     * seconds on a busy machine, so tests that only need some valid certificate share them.
     */
    public static TestCertificates shared(String name) {
        return SHARED.computeIfAbsent(name, n -> {
            try {
                Path dir = Files.createTempDirectory("raft-tls-" + n);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                return authority(dir, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@link #issue(String)} once per subject; later calls return the same files. */
    public Issued issued(String subject) {
        return issuedOnce.computeIfAbsent(subject, this::issue);
    }

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.caStore = dir.resolve(name + "-ca.p12");
        this.caPem = dir.resolve(name + "-ca.pem");
        this.trustStore = dir.resolve(name + "-trust.p12");
    }

    public static TestCertificates authority(Path dir, String name) {
        TestCertificates ca = new TestCertificates(dir, name);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name + " test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ca.caStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "ca", "-keystore", ca.caStore.toString(), "-storepass", PASSWORD, "-rfc",
                "-file", ca.caPem.toString());
        keytool("-importcert", "-alias", "ca", "-file", ca.caPem.toString(), "-keystore", ca.trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt");
        return ca;
    }

    public Path caPem() {
        return caPem;
    }

    public Path trustStore() {
        return trustStore;
    }

    /** Issues a certificate for 127.0.0.1 and localhost, good for server and client use. */
    public Issued issue(String subject) {
        return issue(subject, dir.resolve(name + "-" + subject + ".p12"));
    }

    /** Issues into {@code keyStore}, replacing the file (a fresh key and serial each time). */
    public Issued issue(String subject, Path keyStore) {
        return issue(subject, keyStore, "ip:127.0.0.1,dns:localhost");
    }

    /** @param san the subject alternative names, keytool's syntax ({@code ip:...,dns:...}) */
    public Issued issue(String subject, Path keyStore, String san) {
        try {
            Path work = Files.createTempDirectory(dir, "issue");
            Path store = work.resolve("member.p12");
            Path csr = work.resolve("member.csr");
            Path crt = work.resolve("member.crt");
            keytool("-genkeypair", "-alias", "member", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=" + subject, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD);
            keytool("-certreq", "-alias", "member", "-keystore", store.toString(), "-storepass", PASSWORD,
                    "-file", csr.toString());
            keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                    "-infile", csr.toString(), "-outfile", crt.toString(), "-rfc", "-validity", "2",
                    "-ext", "san=" + san, "-ext", "eku=serverAuth,clientAuth");
            keytool("-importcert", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-noprompt");
            keytool("-importcert", "-alias", "member", "-file", crt.toString(), "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-noprompt");
            // one move, so a watcher of keyStore sees the whole new file
            Files.move(store, keyStore, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Issued(subject, keyStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TlsMaterial material(Issued issued) {
        return TlsMaterial.keyStores(issued.keyStore(), PASSWORD.toCharArray(), trustStore, PASSWORD.toCharArray(),
                "PKCS12");
    }

    public TlsManagers managers(Issued issued) {
        return material(issued).current();
    }

    /** A client socket factory trusting this CA and presenting {@code issued} (none when null). */
    public SSLSocketFactory clientSockets(Issued issued) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore));
            KeyManagerFactory kmf = null;
            if (issued != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(issued.keyStore()), PASSWORD.toCharArray());
            }
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code issued}'s chain and PKCS#8 key as PEM files; returns {chain, key}. */
    public Path[] exportPem(Issued issued) {
        try {
            KeyStore store = load(issued.keyStore());
            PrivateKey key = (PrivateKey) store.getKey("member", PASSWORD.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (Certificate c : store.getCertificateChain("member")) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Path chainFile = dir.resolve(name + "-" + issued.name() + "-chain.pem");
            Path keyFile = dir.resolve(name + "-" + issued.name() + "-key.pem");
            Files.writeString(chainFile, chain, StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return new Path[] {chainFile, keyFile};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BigInteger serialOf(Issued issued) {
        try {
            return ((X509Certificate) load(issued.keyStore()).getCertificate("member")).getSerialNumber();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyStore load(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dir: best effort
        }
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(KEYTOOL);
        // a short-lived tool: skip the optimising compiler
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
