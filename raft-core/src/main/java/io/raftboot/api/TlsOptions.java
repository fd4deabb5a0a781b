package io.raftboot.api;

import java.util.Objects;

/**
 * TLS for the RESP listener and for this member's own connections to other members.
 *
 * @param material   key, certificate chain and trusted CAs (asked again for each new connection)
 * @param clientAuth whether ordinary clients must present a certificate (peers always must)
 * @param port       {@code -1}: {@code raft.port} speaks TLS only, for clients and peers. Otherwise a
 *                   migration: {@code raft.port} stays plain (peers keep using it) and a second
 *                   listener on this port speaks TLS ({@code 0} picks a free port)
 */
public record TlsOptions(TlsMaterial material, TlsClientAuth clientAuth, int port) {
    public static final int SAME_PORT = -1;

    public TlsOptions {
        Objects.requireNonNull(material, "raft.tls material");
        Objects.requireNonNull(clientAuth, "raft.tls.client-auth");
        if (port < SAME_PORT || port > 65535) {
            throw new IllegalArgumentException("raft.tls.port must be in 0..65535, got " + port);
        }
    }

    /** TLS on {@code raft.port}, no client certificates required. */
    public static TlsOptions of(TlsMaterial material) {
        return new TlsOptions(material, TlsClientAuth.NONE, SAME_PORT);
    }

    public TlsOptions withClientAuth(TlsClientAuth clientAuth) {
        return new TlsOptions(material, clientAuth, port);
    }

    /** A separate TLS listener on {@code port}, {@code raft.port} staying plain. */
    public TlsOptions withSeparatePort(int port) {
        return new TlsOptions(material, clientAuth, port);
    }

    /** Whether {@code raft.port} itself speaks TLS (and so do this member's connections to peers). */
    public boolean onMainPort() {
        return port == SAME_PORT;
    }
}
