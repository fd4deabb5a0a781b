package io.raftboot.api;

import java.nio.file.Path;

/**
 * Where a node gets its TLS material. {@link #current()} is asked for every new connection (a
 * cheap call is expected); when it returns a different {@link TlsManagers} instance, new
 * connections use the new material and open ones keep theirs. That is how certificate reloads
 * reach the node: the Spring Boot starter backs this with an SSL bundle and swaps the managers
 * when a {@code reload-on-update} bundle changes.
 */
@FunctionalInterface
public interface TlsMaterial {

    TlsManagers current();

    /** Fixed material. */
    static TlsMaterial of(TlsManagers managers) {
        java.util.Objects.requireNonNull(managers, "managers");
        return () -> managers;
    }

    /**
     * A key store holding this member's key and certificate chain, and a trust store with the CA
     * certificates that sign the members' (and trusted clients') certificates. Read once, here.
     *
     * @param type store type for both, e.g. {@code PKCS12}
     * @throws IllegalArgumentException naming {@code raft.tls} when a store cannot be read
     */
    static TlsMaterial keyStores(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword,
                                 String type) {
        return of(TlsFiles.fromKeyStores(keyStore, keyStorePassword, trustStore, trustStorePassword, type));
    }

    /**
     * PEM files: the certificate chain (this member's first), its unencrypted PKCS#8 private key
     * ({@code BEGIN PRIVATE KEY}), and the CA certificates to trust. Read once, here.
     *
     * @throws IllegalArgumentException naming {@code raft.tls} when a file cannot be read
     */
    static TlsMaterial pem(Path certificateChain, Path privateKey, Path caCertificates) {
        return of(TlsFiles.fromPem(certificateChain, privateKey, caCertificates));
    }
}
