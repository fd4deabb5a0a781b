package io.raftboot.spring.boot.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A CA made at run time with the JDK's keytool (no key is committed) issuing PKCS12 key stores for
 * 127.0.0.1/localhost. raft-core's tests have a fuller twin; test classes do not cross modules.
 */
final class KeytoolCertificates {
    static final String PASSWORD = "changeit";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    private final Path dir;
    final Path caStore;
    final Path caPem;
    final Path trustStore;

    private KeytoolCertificates(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
        this.trustStore = dir.resolve("trust.p12");
    }

    static KeytoolCertificates authority(Path dir) {
        KeytoolCertificates ca = new KeytoolCertificates(dir);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.caStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "ca", "-keystore", ca.caStore.toString(), "-storepass", PASSWORD, "-rfc",
                "-file", ca.caPem.toString());
        keytool("-importcert", "-alias", "ca", "-file", ca.caPem.toString(), "-keystore", ca.trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt");
        return ca;
    }

    /** Issues a fresh key and certificate into {@code keyStore} (alias {@code member}), replacing it in one move. */
    Path issue(String subject, Path keyStore) {
        try {
            Path work = Files.createTempDirectory("issue");
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
                    "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth,clientAuth");
            keytool("-importcert", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-noprompt");
            keytool("-importcert", "-alias", "member", "-file", crt.toString(), "-keystore", store.toString(),
                    "-storepass", PASSWORD, "-noprompt");
            Files.move(store, keyStore, StandardCopyOption.REPLACE_EXISTING);
            return keyStore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the key store's chain and PKCS#8 key as PEM files next to it; returns {chain, key}. */
    static Path[] exportPem(Path keyStore) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            StringBuilder chain = new StringBuilder();
            for (java.security.cert.Certificate c : store.getCertificateChain("member")) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            Path chainFile = keyStore.resolveSibling(keyStore.getFileName() + ".crt");
            Path keyFile = keyStore.resolveSibling(keyStore.getFileName() + ".key");
            Files.writeString(chainFile, chain);
            Files.writeString(keyFile, pem("PRIVATE KEY", store.getKey("member", PASSWORD.toCharArray()).getEncoded()));
            return new Path[] {chainFile, keyFile};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static BigInteger serialOf(Path keyStore) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return ((X509Certificate) store.getCertificate("member")).getSerialNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts this CA, presents no certificate. */
    SSLSocketFactory clientSockets() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
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
