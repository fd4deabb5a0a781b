package io.raftboot.api;

/**
 * {@code raft.tls.client-auth}: whether ordinary clients must present a certificate. Peers always
 * must, whatever this says: with TLS on, the listener asks every connection for a certificate and
 * accepts the peer handshake only from one that presented a trusted certificate.
 */
public enum TlsClientAuth {
    /** Clients need no certificate (one presented is still verified). */
    NONE,
    /** Clients may present a certificate; an untrusted one fails the TLS handshake. */
    WANT,
    /** Clients without a trusted certificate are refused at the TLS handshake. */
    NEED
}
