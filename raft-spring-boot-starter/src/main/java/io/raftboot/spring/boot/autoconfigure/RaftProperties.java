package io.raftboot.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.raftboot.api.Consistency;
import io.raftboot.api.Durability;
import io.raftboot.api.LogStoreType;
import io.raftboot.api.TlsClientAuth;
import io.raftboot.api.Redirect;

/**
 * Configuration of the Raft node ({@code raft.*}). Each property maps to one {@code RaftOptions}
 * setting; values that bind but do not fit together (e.g. a heartbeat interval above the election
 * timeout) fail start-up with a message naming the property.
 *
 * @param enabled           Whether the starter starts a Raft node.
 * @param nodeId            Stable unique id of this member (letters, digits, '-', '_', '.'). Defaults to
 *                          "host-port" of the advertised address.
 * @param host              Address the RESP listener binds, shared by clients and peers.
 * @param port              Port of the RESP listener. 0 picks a free one, published as local.raft.port.
 * @param advertise         Address (host:port) that clients and peers are told to use. Defaults to host:port.
 * @param dataDir           Directory of the log, snapshots and metadata, locked by one process at a time.
 *                          Defaults to ./raft-data/node-id.
 * @param join              Address (host:port) of any member of an existing cluster to join. Ignored when the
 *                          data directory already holds data.
 * @param peers             Static initial members as id@host:port, the same list on every node.
 * @param durability        When log writes reach the disk: low (the OS flushes), medium (fsync at least once a
 *                          second) or high (fsync before acknowledging, with group commit).
 * @param consistency       Reads: low (any node, possibly stale), medium (leader lease, assumes bounded clock
 *                          drift) or high (leader with a quorum check, ReadIndex).
 * @param redirect          What a non-leader answers to a write or leader-only read: try (-TRY host:port),
 *                          moved (-MOVED 0 host:port) or proxy (forwards it to the leader).
 * @param electionTimeout   Base election timeout T. Each timeout is drawn from [T, 2T).
 * @param heartbeatInterval Leader heartbeat period. Must be well below the election timeout.
 * @param requestTimeout    Time after which a client request not completed is answered -TIMEOUT. Defaults to
 *                          twice the election timeout.
 * @param joinTimeout       How long joining (or RAFTADDPEER) waits for a new member to catch up.
 * @param shutdownTimeout   Bound on handing leadership over when the node shuts down.
 * @param logStore          How the log is stored: segmented files, mapdb, or memory (tests only).
 * @param snapshot          When snapshots are taken and how many are kept.
 * @param maxAppendBytes    Bytes in one AppendEntries message. Also bounds each follower's in-flight window.
 * @param password          Password clients must give with AUTH before any other command: the password of the
 *                          user named default, who has role admin.
 * @param users             Further client users by name, each with raft.users.NAME.password and
 *                          raft.users.NAME.role (read, write or admin). They need raft.password.
 * @param clusterSecret     Secret peers must prove before any Raft RPC is accepted. Required when host is not
 *                          a loopback address, unless insecure-peers is set.
 * @param insecurePeers     Whether to allow binding a non-loopback host without a cluster secret.
 * @param limits            Bounds on what one client connection may send or leave unread.
 * @param forceNewCluster   Last-resort recovery: whether this member rewrites its configuration to itself alone.
 * @param haltOnFatal       Whether a fatal error of the node (a failed fsync, an Error from a handler) halts the
 *                          JVM with status 70. Off: the application keeps running, its liveness state turns
 *                          BROKEN so that an orchestrator restarts it.
 * @param restoreFrom       Snapshot file to start a new one-member cluster from. Refused when the data directory
 *                          is not empty.
 */
@ConfigurationProperties("raft")
public record RaftProperties(
        @DefaultValue("true") boolean enabled,
        String nodeId,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("7481") int port,
        String advertise,
        Path dataDir,
        String join,
        List<String> peers,
        @DefaultValue("high") Durability durability,
        @DefaultValue("high") Consistency consistency,
        @DefaultValue("try") Redirect redirect,
        @DefaultValue("1s") Duration electionTimeout,
        @DefaultValue("100ms") Duration heartbeatInterval,
        Duration requestTimeout,
        @DefaultValue("60s") Duration joinTimeout,
        @DefaultValue("5s") Duration shutdownTimeout,
        @DefaultValue("segmented") LogStoreType logStore,
        @DefaultValue Snapshot snapshot,
        @DefaultValue("1MB") DataSize maxAppendBytes,
        String password,
        Map<String, User> users,
        String clusterSecret,
        @DefaultValue("false") boolean insecurePeers,
        @DefaultValue Limits limits,
        @DefaultValue("false") boolean forceNewCluster,
        @DefaultValue("false") boolean haltOnFatal,
        Path restoreFrom,
        @DefaultValue Tls tls) {

    public RaftProperties {
        peers = peers == null ? List.of() : List.copyOf(peers);
        users = users == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(users));
    }

    /**
     * A client user ({@code raft.users.<name>.*}) beside the default user of raft.password.
     *
     * @param password Password the user gives with AUTH name password (or HELLO 2 AUTH name password).
     * @param role     What the user may run: read (read commands and status), write (also writes) or admin
     *                 (also membership, leadership transfer, snapshots, backups and commands flagged admin,
     *                 such as FLUSHALL).
     */
    public record User(String password, String role) {
    }

    /**
     * Snapshots ({@code raft.snapshot.*}). A snapshot is due when both the entry threshold and the
     * log-size ratio are met, or when the log bytes since the last snapshot reach max-log-bytes.
     * Explicit snapshots (RAFTSNAPSHOT, the Actuator endpoint) are taken at once.
     *
     * @param threshold       Entries applied since the last snapshot before a new one can be due.
     * @param logSizeRatio    Log bytes applied since the last snapshot, as a multiple of that snapshot's
     *                        size, before a new one is due, so that a large state is snapshotted in
     *                        proportion to the writes it takes. 0 leaves the threshold alone. The first
     *                        snapshot follows the threshold alone.
     * @param maxLogBytes     Log bytes applied since the last snapshot that make one due whatever the
     *                        threshold and ratio, so that the log stays bounded.
     * @param interval        How often the node checks whether a snapshot is due.
     * @param trailingEntries Entries kept in the log behind a snapshot, so that slow followers catch up
     *                        without a full snapshot.
     * @param retain          Snapshot files kept.
     */
    public record Snapshot(
            @DefaultValue("8192") long threshold,
            @DefaultValue("1.0") double logSizeRatio,
            @DefaultValue("256MB") DataSize maxLogBytes,
            @DefaultValue("10s") Duration interval,
            @DefaultValue("10240") long trailingEntries,
            @DefaultValue("2") int retain) {
    }

    /**
     * TLS ({@code raft.tls.*}) for clients and peers, from a Spring Boot SSL bundle.
     *
     * @param bundle     Name of the SSL bundle (spring.ssl.bundle.pem.NAME.* or spring.ssl.bundle.jks.NAME.*) with
     *                   this member's key and certificate and the CA certificates to trust. When set, the RESP
     *                   port speaks TLS only, for clients and peers; peers present and verify certificates. A
     *                   bundle with reload-on-update swaps certificates for new connections without a restart.
     * @param clientAuth Whether ordinary clients must present a trusted certificate: none, want or need. Peers
     *                   always must.
     * @param port       For a migration only: a separate TLS port while raft.port stays plain. 0 picks a free one,
     *                   published as local.raft.tls.port.
     */
    public record Tls(
            String bundle,
            @DefaultValue("none") TlsClientAuth clientAuth,
            Integer port) {
    }

    /**
     * Per-connection limits ({@code raft.limits.*}). Exceeding one is answered with an error and
     * that connection is closed; the server keeps serving everyone else.
     *
     * @param maxBulkLength      Largest bulk string a client may send.
     * @param maxArguments       Most arguments in one command.
     * @param maxInlineLength    Longest inline command line.
     * @param maxClients         Most open client connections.
     * @param clientOutputBuffer Reply bytes a slow reader may leave pending.
     * @param idleTimeout        Time after which idle connections are closed. 0 means never.
     */
    public record Limits(
            @DefaultValue("64MB") DataSize maxBulkLength,
            @DefaultValue("1048576") int maxArguments,
            @DefaultValue("64KB") DataSize maxInlineLength,
            @DefaultValue("10000") int maxClients,
            @DefaultValue("64MB") DataSize clientOutputBuffer,
            @DefaultValue("0s") Duration idleTimeout) {
    }
}
