package io.raftboot.spring.boot.autoconfigure;

import java.util.List;

import io.raftboot.api.ClientLimits;
import io.raftboot.api.RaftMetrics;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.TlsClientAuth;
import io.raftboot.api.TlsOptions;
import org.springframework.boot.ssl.SslBundles;

/** Maps {@link RaftProperties} one to one onto {@link RaftOptions}. */
final class RaftOptionsFactory {

    private RaftOptionsFactory() {
    }

    /**
     * @throws InvalidRaftPropertiesException naming the property when the values do not fit together
     */
    static RaftOptions create(RaftProperties properties, RaftMetrics metrics, List<RaftOptionsCustomizer> customizers) {
        return create(properties, metrics, customizers, null);
    }

    /** @param sslBundles the application's SSL bundles, or null when there are none */
    static RaftOptions create(RaftProperties properties, RaftMetrics metrics, List<RaftOptionsCustomizer> customizers,
                              SslBundles sslBundles) {
        try {
            RaftOptions.Builder builder = builder(properties).metrics(metrics).tls(tls(properties.tls(), sslBundles));
            customizers.forEach(customizer -> customizer.customize(builder));
            return builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidRaftPropertiesException(e.getMessage(), e);
        }
    }

    static RaftOptions.Builder builder(RaftProperties properties) {
        RaftProperties.Snapshot snapshot = properties.snapshot();
        RaftOptions.Builder builder = RaftOptions.builder()
                .nodeId(properties.nodeId())
                .host(properties.host())
                .port(properties.port())
                .advertise(properties.advertise())
                .dataDir(properties.dataDir())
                .join(properties.join())
                .peers(properties.peers())
                .durability(properties.durability())
                .consistency(properties.consistency())
                .redirect(properties.redirect())
                .electionTimeout(properties.electionTimeout())
                .heartbeatInterval(properties.heartbeatInterval())
                .requestTimeout(properties.requestTimeout())
                .joinTimeout(properties.joinTimeout())
                .shutdownTimeout(properties.shutdownTimeout())
                .logStore(properties.logStore())
                .snapshotThreshold(snapshot.threshold())
                .snapshotLogSizeRatio(snapshot.logSizeRatio())
                .snapshotMaxLogBytes(snapshot.maxLogBytes().toBytes())
                .snapshotInterval(snapshot.interval())
                .snapshotTrailingEntries(snapshot.trailingEntries())
                .snapshotRetain(snapshot.retain())
                .maxAppendBytes(properties.maxAppendBytes().toBytes())
                .password(properties.password())
                .clusterSecret(properties.clusterSecret())
                .insecurePeers(properties.insecurePeers())
                .limits(limits(properties.limits()))
                .forceNewCluster(properties.forceNewCluster())
                .haltOnFatal(properties.haltOnFatal())
                .restoreFrom(properties.restoreFrom());
        // checked by RaftOptions, whose messages name raft.users.<name>.password and .role
        properties.users().forEach((name, user) -> builder.user(name, user == null ? null : user.password(),
                user == null ? null : user.role()));
        return builder;
    }

    private static TlsOptions tls(RaftProperties.Tls tls, SslBundles sslBundles) {
        if (tls == null || tls.bundle() == null || tls.bundle().isBlank()) {
            if (tls != null && tls.port() != null) {
                throw new IllegalArgumentException("raft.tls.port needs raft.tls.bundle");
            }
            if (tls != null && tls.clientAuth() != TlsClientAuth.NONE) {
                throw new IllegalArgumentException("raft.tls.client-auth needs raft.tls.bundle");
            }
            return null;
        }
        if (sslBundles == null) {
            throw new IllegalArgumentException("raft.tls.bundle '" + tls.bundle() + "' needs Spring Boot's SSL bundles "
                    + "(spring.ssl.bundle.*), and none are configured");
        }
        TlsOptions options = TlsOptions.of(SslBundleTlsMaterial.of(sslBundles, tls.bundle().trim()))
                .withClientAuth(tls.clientAuth());
        return tls.port() == null ? options : options.withSeparatePort(tls.port());
    }

    private static ClientLimits limits(RaftProperties.Limits limits) {
        return new ClientLimits(limits.maxBulkLength().toBytes(), limits.maxArguments(),
                toInt(limits.maxInlineLength().toBytes(), "raft.limits.max-inline-length"), limits.maxClients(),
                limits.clientOutputBuffer().toBytes(), limits.idleTimeout());
    }

    private static int toInt(long bytes, String property) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(property + " must be below 2GB, got " + bytes + " bytes");
        }
        return (int) bytes;
    }
}
