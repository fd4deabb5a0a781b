package io.raftboot.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.raftboot.api.TlsClientAuth;
import io.raftboot.api.TlsManagers;
import io.raftboot.api.TlsOptions;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS contexts of one node, built from its {@link io.raftboot.api.TlsMaterial}. Every new
 * connection asks for the current generation; when the material hands out a new
 * {@link TlsManagers} instance (a certificate reload) the contexts are rebuilt once, so new
 * connections use the new certificate while open ones keep theirs.
 *
 * <p>The server always asks for a client certificate ({@code want} at least): peers must present
 * one (see the transport's {@code PeerCertificateGate}) even when ordinary clients need none. Outbound connections
 * present this member's certificate and verify the other member's chain and that its certificate
 * names the address dialled (HTTPS-style endpoint identification).
 *
 * <p>The engine is OpenSSL's (BoringSSL through netty-tcnative) when that library is on the class
 * path, otherwise the JDK's: the same protocols and checks, at a fraction of the JDK engine's CPU
 * per byte (BENCHMARKS.md, "TLS"). The sample app ships the Linux build of the library.
 */
public final class TlsContexts implements OutboundTls {
    public static final String HANDLER = "tls";
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private final TlsOptions options;
    private volatile Generation generation;

    private record Generation(TlsManagers managers, SslContext server, SslContext client, SSLContext blocking) {
    }

    private TlsContexts(TlsOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Builds the first generation at once, so bad material fails the start.
     *
     * @throws IllegalArgumentException naming {@code raft.tls} when the material is unusable
     */
    public static TlsContexts of(TlsOptions options) {
        TlsContexts contexts = new TlsContexts(options);
        contexts.current();
        log.info("TLS by {}", provider() == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")"
                : "the JDK (add io.netty:netty-tcnative-boringssl-static for OpenSSL's faster engine)");
        return contexts;
    }

    /** OpenSSL's engine when netty-tcnative is on the class path and loads, else the JDK's. */
    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** A server-side handler for a new inbound connection. */
    public SslHandler newServerHandler(ByteBufAllocator alloc) {
        return current().server().newHandler(alloc);
    }

    @Override
    public void install(ChannelPipeline pipeline, String host, int port) {
        pipeline.addFirst(HANDLER, current().client().newHandler(pipeline.channel().alloc(), host, port));
    }

    @Override
    public Socket connect(String host, int port, int timeoutMillis) throws IOException {
        Socket plain = OutboundTls.PLAIN.connect(host, port, timeoutMillis);
        try {
            plain.setSoTimeout(timeoutMillis);
            SSLSocket socket = (SSLSocket) current().blocking().getSocketFactory()
                    .createSocket(plain, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            TlsManagers managers = current().managers();
            if (!managers.protocols().isEmpty()) {
                parameters.setProtocols(managers.protocols().toArray(String[]::new));
            }
            if (!managers.ciphers().isEmpty()) {
                parameters.setCipherSuites(managers.ciphers().toArray(String[]::new));
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private Generation current() {
        TlsManagers managers = options.material().current();
        Generation known = generation;
        if (known != null && known.managers() == managers) {
            return known;
        }
        synchronized (this) {
            known = generation;
            if (known == null || known.managers() != managers) {
                known = build(Objects.requireNonNull(managers, "TlsMaterial.current() returned null"));
                generation = known;
            }
            return known;
        }
    }

    private Generation build(TlsManagers managers) {
        try {
            SslContext server = restricted(SslContextBuilder.forServer(managers.keys()), managers)
                    .trustManager(managers.trust())
                    .clientAuth(options.clientAuth() == TlsClientAuth.NEED ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                    .build();
            SslContext client = restricted(SslContextBuilder.forClient(), managers)
                    .keyManager(managers.keys())
                    .trustManager(managers.trust())
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
            SSLContext blocking = SSLContext.getInstance("TLS");
            blocking.init(managers.keys().getKeyManagers(), managers.trust().getTrustManagers(), null);
            return new Generation(managers, server, client, blocking);
        } catch (SSLException | GeneralSecurityException e) {
            throw new IllegalArgumentException("raft.tls: cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** The engine, and the bundle's protocols and cipher suites when it names any. */
    private static SslContextBuilder restricted(SslContextBuilder builder, TlsManagers managers) {
        builder.sslProvider(provider());
        if (!managers.protocols().isEmpty()) {
            builder.protocols(managers.protocols());
        }
        if (!managers.ciphers().isEmpty()) {
            builder.ciphers(managers.ciphers());
        }
        return builder;
    }

    @Override
    public String toString() {
        return "TlsContexts[clientAuth=" + options.clientAuth() + "]";
    }
}
