package io.raftboot.api;

import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * One generation of TLS material: this member's key and certificate chain ({@code keys}) and the
 * certificates it trusts for peers and client certificates ({@code trust}). Immutable by contract:
 * a reload makes a new instance, which is how the listener notices it.
 *
 * @param protocols the TLS protocol versions to enable (e.g. {@code TLSv1.3}); empty: the provider's defaults
 * @param ciphers   the cipher suites to enable; empty: the provider's defaults
 */
public record TlsManagers(KeyManagerFactory keys, TrustManagerFactory trust, List<String> protocols,
                          List<String> ciphers) {
    public TlsManagers {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(trust, "trust");
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
    }

    /** Material with the provider's default protocols and cipher suites. */
    public TlsManagers(KeyManagerFactory keys, TrustManagerFactory trust) {
        this(keys, trust, List.of(), List.of());
    }
}
