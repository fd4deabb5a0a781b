package io.raftboot.api;

import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * One generation of TLS material: this member's key and certificate chain ({@code keys}) and the
 * certificates it trusts for peers and client certificates ({@code trust}). Immutable by contract:
 * a reload makes a new instance, which is how the listener notices it.
 */
public record TlsManagers(KeyManagerFactory keys, TrustManagerFactory trust) {
    public TlsManagers {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(trust, "trust");
    }
}
