/**
 * TLS on the RESP port with Netty's {@code SslHandler} and the JDK provider: the server and client
 * contexts built from {@link io.raftboot.api.TlsMaterial} (rebuilt when it changes) and the client
 * side used by this member's own outbound connections. The gate that lets only certificate-bearing
 * connections start the peer handshake belongs to the peer protocol, in {@code transport}.
 */
package io.raftboot.tls;
