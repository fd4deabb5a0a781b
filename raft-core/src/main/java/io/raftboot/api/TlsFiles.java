package io.raftboot.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Reads key and trust material from files with the JDK alone (no Spring, no BouncyCastle). */
final class TlsFiles {
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private TlsFiles() {
    }

    static TlsManagers fromKeyStores(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword,
                                     String type) {
        KeyStore keys = load(keyStore, keyPassword, type, "key store");
        KeyStore trust = load(trustStore, trustPassword, type, "trust store");
        return managers(keys, keyPassword, trust);
    }

    static TlsManagers fromPem(Path chainFile, Path keyFile, Path caFile) {
        try {
            List<Certificate> chain = certificates(chainFile, "certificate chain");
            PrivateKey key = privateKey(keyFile);
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            keys.setKeyEntry("member", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : certificates(caFile, "CA certificates")) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            return managers(keys, IN_MEMORY_PASSWORD, trust);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("raft.tls: cannot build key material from " + chainFile + " and "
                    + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static TlsManagers managers(KeyStore keys, char[] keyPassword, KeyStore trust) {
        try {
            if (trust.size() == 0) {
                // an empty trust store would trust nothing; the JDK's default one would trust any public CA
                throw new IllegalArgumentException("raft.tls: the trust store holds no certificate");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyPassword);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return new TlsManagers(kmf, tmf);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("raft.tls: unusable key material: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password, String type, String what) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("raft.tls: cannot read the " + what + " " + file + ": " + e, e);
        }
    }

    private static List<Certificate> certificates(Path file, String what) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new IllegalArgumentException("raft.tls: no certificate in the " + what + " file " + file);
            }
            return new ArrayList<>(read);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("raft.tls: " + file + " holds no unencrypted PKCS#8 key ('" + begin
                    + "'); convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key in " + file, last);
    }
}
