package io.raftboot.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything a node is started with; immutable, built with {@link #builder()}. Defaults are those of
 * the {@code raft.*} properties; invalid values are refused by {@link Builder#build()} with a message
 * naming the property.
 */
public final class RaftOptions {
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final String nodeId;
    private final String host;
    private final int port;
    private final String advertise;
    private final Path dataDir;
    private final String join;
    private final List<Peer> peers;
    private final Durability durability;
    private final Consistency consistency;
    private final Redirect redirect;
    private final Duration electionTimeout;
    private final Duration heartbeatInterval;
    private final Duration requestTimeout;
    private final Duration joinTimeout;
    private final Duration shutdownTimeout;
    private final LogStoreType logStore;
    private final long snapshotThreshold;
    private final double snapshotLogSizeRatio;
    private final long snapshotMaxLogBytes;
    private final Duration snapshotInterval;
    private final long snapshotTrailingEntries;
    private final int snapshotRetain;
    private final long maxAppendBytes;
    private final String password;
    private final List<ClientUser> users;
    private final String clusterSecret;
    private final boolean insecurePeers;
    private final ClientLimits limits;
    private final boolean forceNewCluster;
    private final boolean haltOnFatal;
    private final Path restoreFrom;
    private final RaftMetrics metrics;
    private final TlsOptions tls;

    /** One entry of {@code raft.peers}: {@code id@host:port}. */
    public record Peer(String id, String address) {
        public static Peer parse(String text) {
            int at = text.indexOf('@');
            if (at <= 0 || at == text.length() - 1) {
                throw new IllegalArgumentException("raft.peers entries must look like id@host:port, got '" + text + "'");
            }
            String id = text.substring(0, at);
            if (!NODE_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("raft.peers: bad member id '" + id + "' (letters, digits, '-', '_', '.')");
            }
            String address = text.substring(at + 1);
            checkAddress(address, "raft.peers");
            return new Peer(id, address);
        }

        @Override
        public String toString() {
            return id + "@" + address;
        }
    }

    private RaftOptions(Builder b) {
        nodeId = b.nodeId;
        host = b.host;
        port = b.port;
        advertise = b.advertise;
        dataDir = b.dataDir;
        join = b.join;
        peers = List.copyOf(b.peers);
        durability = b.durability;
        consistency = b.consistency;
        redirect = b.redirect;
        electionTimeout = b.electionTimeout;
        heartbeatInterval = b.heartbeatInterval;
        requestTimeout = b.requestTimeout != null ? b.requestTimeout : b.electionTimeout.multipliedBy(2);
        joinTimeout = b.joinTimeout;
        shutdownTimeout = b.shutdownTimeout;
        logStore = b.logStore;
        snapshotThreshold = b.snapshotThreshold;
        snapshotLogSizeRatio = b.snapshotLogSizeRatio;
        snapshotMaxLogBytes = b.snapshotMaxLogBytes;
        snapshotInterval = b.snapshotInterval;
        snapshotTrailingEntries = b.snapshotTrailingEntries;
        snapshotRetain = b.snapshotRetain;
        maxAppendBytes = b.maxAppendBytes;
        password = b.password;
        users = b.checkedUsers();
        clusterSecret = b.clusterSecret;
        insecurePeers = b.insecurePeers;
        limits = b.limits;
        forceNewCluster = b.forceNewCluster;
        haltOnFatal = b.haltOnFatal;
        restoreFrom = b.restoreFrom;
        metrics = b.metrics;
        tls = b.tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to derive changed copies. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodeId = nodeId;
        b.host = host;
        b.port = port;
        b.advertise = advertise;
        b.dataDir = dataDir;
        b.join = join;
        b.peers = new ArrayList<>(peers);
        b.durability = durability;
        b.consistency = consistency;
        b.redirect = redirect;
        b.electionTimeout = electionTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.requestTimeout = requestTimeout;
        b.joinTimeout = joinTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.logStore = logStore;
        b.snapshotThreshold = snapshotThreshold;
        b.snapshotLogSizeRatio = snapshotLogSizeRatio;
        b.snapshotMaxLogBytes = snapshotMaxLogBytes;
        b.snapshotInterval = snapshotInterval;
        b.snapshotTrailingEntries = snapshotTrailingEntries;
        b.snapshotRetain = snapshotRetain;
        b.maxAppendBytes = maxAppendBytes;
        b.password = password;
        users.forEach(u -> b.user(u.name(), u.password(), u.role()));
        b.clusterSecret = clusterSecret;
        b.insecurePeers = insecurePeers;
        b.limits = limits;
        b.forceNewCluster = forceNewCluster;
        b.haltOnFatal = haltOnFatal;
        b.restoreFrom = restoreFrom;
        b.metrics = metrics;
        b.tls = tls;
        return b;
    }

    /** {@code raft.node-id}; empty means {@code <host>-<port>} of the advertised address, resolved at start. */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    public String host() {
        return host;
    }

    /** 0 picks a free port at start. */
    public int port() {
        return port;
    }

    /** {@code raft.advertise}; empty means {@code host:port} (with the bound port). */
    public Optional<String> advertise() {
        return Optional.ofNullable(advertise);
    }

    /** {@code raft.data-dir}; empty means {@code ./raft-data/<node-id>}. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    public Optional<String> join() {
        return Optional.ofNullable(join);
    }

    public List<Peer> peers() {
        return peers;
    }

    public Durability durability() {
        return durability;
    }

    public Consistency consistency() {
        return consistency;
    }

    public Redirect redirect() {
        return redirect;
    }

    public Duration electionTimeout() {
        return electionTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration joinTimeout() {
        return joinTimeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public LogStoreType logStore() {
        return logStore;
    }

    /** {@code raft.snapshot.threshold}: entries applied since the last snapshot before another can be due. */
    public long snapshotThreshold() {
        return snapshotThreshold;
    }

    /**
     * {@code raft.snapshot.log-size-ratio}: once a snapshot exists, another is due only when the log
     * bytes applied since it reach this multiple of its size as well. 0 leaves the entry threshold alone.
     */
    public double snapshotLogSizeRatio() {
        return snapshotLogSizeRatio;
    }

    /** {@code raft.snapshot.max-log-bytes}: log bytes applied since the last snapshot that make one due regardless. */
    public long snapshotMaxLogBytes() {
        return snapshotMaxLogBytes;
    }

    /** {@code raft.snapshot.interval}: how often the apply thread asks whether a snapshot is due. */
    public Duration snapshotInterval() {
        return snapshotInterval;
    }

    public long snapshotTrailingEntries() {
        return snapshotTrailingEntries;
    }

    public int snapshotRetain() {
        return snapshotRetain;
    }

    public long maxAppendBytes() {
        return maxAppendBytes;
    }

    /** The {@code default} user's password (role admin); clients must {@code AUTH} when it is set. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** {@code raft.users.*}: client users beside {@code default}, in the order configured. */
    public List<ClientUser> users() {
        return users;
    }

    /** Whether {@code raft.host} is a loopback address, so only this machine can reach the listener. */
    public boolean loopbackHost() {
        return Builder.isLoopback(host);
    }

    public Optional<String> clusterSecret() {
        return Optional.ofNullable(clusterSecret);
    }

    public boolean insecurePeers() {
        return insecurePeers;
    }

    public ClientLimits limits() {
        return limits;
    }

    public boolean forceNewCluster() {
        return forceNewCluster;
    }

    /** After a fatal error, halt the JVM (status 70) instead of leaving it running with the node stopped. */
    public boolean haltOnFatal() {
        return haltOnFatal;
    }

    public Optional<Path> restoreFrom() {
        return Optional.ofNullable(restoreFrom);
    }

    public RaftMetrics metrics() {
        return metrics;
    }

    /** {@code raft.tls.*}; empty means plain TCP. */
    public Optional<TlsOptions> tls() {
        return Optional.ofNullable(tls);
    }

    @Override
    public String toString() {
        return "RaftOptions[nodeId=" + nodeId + ", host=" + host + ", port=" + port + ", advertise=" + advertise
                + ", dataDir=" + dataDir + ", join=" + join + ", peers=" + peers + ", durability=" + durability
                + ", consistency=" + consistency + ", redirect=" + redirect + ", electionTimeout=" + electionTimeout
                + ", heartbeatInterval=" + heartbeatInterval + ", requestTimeout=" + requestTimeout
                + ", logStore=" + logStore + ", password=" + (password == null ? "none" : "****") + ", users=" + users
                + ", clusterSecret=" + (clusterSecret == null ? "none" : "****")
                + ", tls=" + (tls == null ? "off" : tls.onMainPort() ? "on" : "port " + tls.port()) + "]";
    }

    static void checkAddress(String address, String property) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException(property + " must be host:port, got '" + address + "'");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be host:port, got '" + address + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(property + " has a port outside 1..65535: '" + address + "'");
        }
    }

    /** Collects options; every setter takes the property's value, {@link #build()} validates. */
    public static final class Builder {
        private String nodeId;
        private String host = "127.0.0.1";
        private int port = 7481;
        private String advertise;
        private Path dataDir;
        private String join;
        private List<Peer> peers = new ArrayList<>();
        private Durability durability = Durability.HIGH;
        private Consistency consistency = Consistency.HIGH;
        private Redirect redirect = Redirect.TRY;
        private Duration electionTimeout = Duration.ofSeconds(1);
        private Duration heartbeatInterval = Duration.ofMillis(100);
        private Duration requestTimeout;
        private Duration joinTimeout = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private LogStoreType logStore = LogStoreType.SEGMENTED;
        private long snapshotThreshold = 8192;
        private double snapshotLogSizeRatio = 1.0;
        private long snapshotMaxLogBytes = 256L << 20;
        private Duration snapshotInterval = Duration.ofSeconds(10);
        private long snapshotTrailingEntries = 10240;
        private int snapshotRetain = 2;
        private long maxAppendBytes = 1 << 20;
        private String password;
        private final java.util.Map<String, String[]> users = new java.util.LinkedHashMap<>();
        private String clusterSecret;
        private boolean insecurePeers;
        private ClientLimits limits = ClientLimits.DEFAULTS;
        private boolean forceNewCluster;
        private boolean haltOnFatal;
        private Path restoreFrom;
        private RaftMetrics metrics = RaftMetrics.NONE;
        private TlsOptions tls;

        private Builder() {
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = blankToNull(nodeId);
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder advertise(String advertise) {
            this.advertise = blankToNull(advertise);
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder join(String join) {
            this.join = blankToNull(join);
            return this;
        }

        /** {@code id@host:port} entries. */
        public Builder peers(List<String> peers) {
            List<Peer> parsed = new ArrayList<>();
            for (String peer : peers) {
                if (peer != null && !peer.isBlank()) {
                    parsed.add(Peer.parse(peer.trim()));
                }
            }
            this.peers = parsed;
            return this;
        }

        public Builder peers(String... peers) {
            return peers(List.of(peers));
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        public Builder consistency(Consistency consistency) {
            this.consistency = consistency;
            return this;
        }

        public Builder redirect(Redirect redirect) {
            this.redirect = redirect;
            return this;
        }

        public Builder electionTimeout(Duration electionTimeout) {
            this.electionTimeout = electionTimeout;
            return this;
        }

        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** Null restores the default, twice the election timeout. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder joinTimeout(Duration joinTimeout) {
            this.joinTimeout = joinTimeout;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder logStore(LogStoreType logStore) {
            this.logStore = logStore;
            return this;
        }

        public Builder snapshotThreshold(long snapshotThreshold) {
            this.snapshotThreshold = snapshotThreshold;
            return this;
        }

        public Builder snapshotLogSizeRatio(double snapshotLogSizeRatio) {
            this.snapshotLogSizeRatio = snapshotLogSizeRatio;
            return this;
        }

        public Builder snapshotMaxLogBytes(long snapshotMaxLogBytes) {
            this.snapshotMaxLogBytes = snapshotMaxLogBytes;
            return this;
        }

        public Builder snapshotInterval(Duration snapshotInterval) {
            this.snapshotInterval = snapshotInterval;
            return this;
        }

        public Builder snapshotTrailingEntries(long snapshotTrailingEntries) {
            this.snapshotTrailingEntries = snapshotTrailingEntries;
            return this;
        }

        public Builder snapshotRetain(int snapshotRetain) {
            this.snapshotRetain = snapshotRetain;
            return this;
        }

        public Builder maxAppendBytes(long maxAppendBytes) {
            this.maxAppendBytes = maxAppendBytes;
            return this;
        }

        public Builder password(String password) {
            this.password = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /**
         * Adds or replaces a client user ({@code raft.users.<name>.password} and {@code .role});
         * checked by {@link #build()}, which names the property that is wrong.
         *
         * @param role {@code read}, {@code write} or {@code admin}
         */
        public Builder user(String name, String password, String role) {
            users.put(name, new String[] {password, role});
            return this;
        }

        public Builder user(String name, String password, UserRole role) {
            return user(name, password, role == null ? null : role.configName());
        }

        public Builder clusterSecret(String clusterSecret) {
            this.clusterSecret = clusterSecret == null || clusterSecret.isEmpty() ? null : clusterSecret;
            return this;
        }

        public Builder insecurePeers(boolean insecurePeers) {
            this.insecurePeers = insecurePeers;
            return this;
        }

        public Builder limits(ClientLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder forceNewCluster(boolean forceNewCluster) {
            this.forceNewCluster = forceNewCluster;
            return this;
        }

        /** Halt the process after a fatal error (for supervisors that restart a process that exits). */
        public Builder haltOnFatal(boolean haltOnFatal) {
            this.haltOnFatal = haltOnFatal;
            return this;
        }

        public Builder restoreFrom(Path restoreFrom) {
            this.restoreFrom = restoreFrom;
            return this;
        }

        public Builder metrics(RaftMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** TLS for the listener and for connections to peers; null switches it off. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** @throws IllegalArgumentException naming the {@code raft.*} property that is wrong */
        public RaftOptions build() {
            if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
                throw new IllegalArgumentException("raft.node-id '" + nodeId
                        + "' may contain only letters, digits, '-', '_' and '.' (at most 128)");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("raft.host must not be empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("raft.port must be in 0..65535, got " + port);
            }
            if (advertise != null) {
                checkAddress(advertise, "raft.advertise");
            }
            if (join != null) {
                checkAddress(join, "raft.join");
            }
            if (join != null && !peers.isEmpty()) {
                throw new IllegalArgumentException("raft.join and raft.peers are exclusive: "
                        + "peers bootstraps a new cluster, join enters an existing one");
            }
            checkPeers();
            required(durability, "raft.durability");
            required(consistency, "raft.consistency");
            required(redirect, "raft.redirect");
            required(logStore, "raft.log-store");
            required(limits, "raft.limits");
            required(metrics, "metrics");
            positive(electionTimeout, "raft.election-timeout");
            positive(heartbeatInterval, "raft.heartbeat-interval");
            if (heartbeatInterval.compareTo(electionTimeout) >= 0) {
                throw new IllegalArgumentException("raft.heartbeat-interval must be below raft.election-timeout ("
                        + heartbeatInterval.toMillis() + "ms >= " + electionTimeout.toMillis() + "ms)");
            }
            if (requestTimeout != null) {
                positive(requestTimeout, "raft.request-timeout");
            }
            positive(joinTimeout, "raft.join-timeout");
            required(shutdownTimeout, "raft.shutdown-timeout");
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("raft.shutdown-timeout must not be negative, got " + shutdownTimeout);
            }
            if (snapshotThreshold < 1) {
                throw new IllegalArgumentException("raft.snapshot.threshold must be positive, got " + snapshotThreshold);
            }
            if (!(snapshotLogSizeRatio >= 0) || Double.isInfinite(snapshotLogSizeRatio)) {
                throw new IllegalArgumentException("raft.snapshot.log-size-ratio must be a finite number >= 0, got "
                        + snapshotLogSizeRatio);
            }
            if (snapshotMaxLogBytes < 1) {
                throw new IllegalArgumentException("raft.snapshot.max-log-bytes must be positive, got "
                        + snapshotMaxLogBytes);
            }
            positive(snapshotInterval, "raft.snapshot.interval");
            if (snapshotTrailingEntries < 0) {
                throw new IllegalArgumentException("raft.snapshot.trailing-entries must not be negative, got "
                        + snapshotTrailingEntries);
            }
            if (snapshotRetain < 1) {
                throw new IllegalArgumentException("raft.snapshot.retain must be at least 1, got " + snapshotRetain);
            }
            if (maxAppendBytes < 1024) {
                throw new IllegalArgumentException("raft.max-append-bytes must be at least 1KB, got " + maxAppendBytes);
            }
            if (restoreFrom != null && (join != null || !peers.isEmpty())) {
                throw new IllegalArgumentException("raft.restore-from starts a one-member cluster: "
                        + "it cannot be combined with raft.join or raft.peers");
            }
            if (clusterSecret == null && !insecurePeers && !isLoopback(host)) {
                throw new IllegalArgumentException("raft.cluster-secret is required when raft.host (" + host
                        + ") is not a loopback address; set raft.insecure-peers=true to accept unauthenticated peers");
            }
            if (tls != null && !tls.onMainPort() && tls.port() != 0 && tls.port() == port) {
                throw new IllegalArgumentException("raft.tls.port must differ from raft.port (" + port + ")");
            }
            return new RaftOptions(this);
        }

        /**
         * {@code raft.users.*} as checked users. They need {@code raft.password}: without it anyone
         * connecting is the {@code default} user with every right, and members use that user among
         * themselves (joining, proxied requests).
         */
        private List<ClientUser> checkedUsers() {
            List<ClientUser> checked = new ArrayList<>();
            for (java.util.Map.Entry<String, String[]> e : users.entrySet()) {
                String name = e.getKey();
                String property = "raft.users." + name;
                if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
                    throw new IllegalArgumentException("raft.users: user name '" + name
                            + "' must be printable ASCII without spaces");
                }
                if (name.equals("default")) {
                    throw new IllegalArgumentException(property + ": the default user is raft.password (role admin); "
                            + "give this user another name");
                }
                String userPassword = e.getValue()[0];
                if (userPassword == null || userPassword.isEmpty()) {
                    throw new IllegalArgumentException(property + ".password must not be empty");
                }
                checked.add(new ClientUser(name, userPassword, UserRole.parse(e.getValue()[1], property + ".role")));
            }
            if (!checked.isEmpty() && password == null) {
                throw new IllegalArgumentException("raft.users needs raft.password: without it every client is the "
                        + "default user with role admin, and members use that user to join and to proxy requests");
            }
            return List.copyOf(checked);
        }

        private void checkPeers() {
            Set<String> ids = new HashSet<>();
            Set<String> addresses = new HashSet<>();
            for (Peer peer : peers) {
                if (!ids.add(peer.id())) {
                    throw new IllegalArgumentException("raft.peers lists id '" + peer.id() + "' twice");
                }
                if (!addresses.add(peer.address())) {
                    throw new IllegalArgumentException("raft.peers lists address '" + peer.address() + "' twice");
                }
            }
            if (nodeId != null && !peers.isEmpty() && !ids.contains(nodeId)) {
                throw new IllegalArgumentException("raft.peers must list this member (raft.node-id '" + nodeId + "')");
            }
        }

        static boolean isLoopback(String host) {
            if (host.equals("localhost")) {
                return true;
            }
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("raft.host '" + host + "' cannot be resolved", e);
            }
        }

        private static void required(Object value, String property) {
            Objects.requireNonNull(value, () -> property + " must be set");
        }

        private static void positive(Duration value, String property) {
            required(value, property);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(property + " must be positive, got " + value);
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }
}
