package io.raftboot.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import io.raftboot.api.Consistency;
import io.raftboot.api.Durability;
import io.raftboot.api.LogStoreType;
import io.raftboot.api.Redirect;

/**
 * Configuration of the Raft node ({@code raft.*}). Each property maps to one {@code RaftOptions}
 * setting; values that bind but do not fit together (e.g. a heartbeat interval above the election
 * timeout) fail start-up with a message naming the property.
 *
 * @param enabled           whether the starter starts a Raft node
 * @param nodeId            stable unique id of this member (letters, digits, '-', '_', '.'); defaults to
 *                          {@code <host>-<port>} of the advertised address
 * @param host              address the RESP listener binds, shared by clients and peers
 * @param port              port of the RESP listener; 0 picks a free one, published as {@code local.raft.port}
 * @param advertise         {@code host:port} that clients and peers are told to use; defaults to host:port
 * @param dataDir           directory of the log, snapshots and metadata, locked by one process at a time;
 *                          defaults to {@code ./raft-data/<node-id>}
 * @param join              address ({@code host:port}) of any member of an existing cluster to join; ignored
 *                          when the data directory already holds data
 * @param peers             static initial members as {@code id@host:port}, the same list on every node
 * @param durability        when log writes reach the disk: LOW (OS flushes), MEDIUM (fsync at least once a
 *                          second), HIGH (fsync before acknowledging, with group commit)
 * @param consistency       reads: LOW any node, possibly stale; MEDIUM leader lease (assumes bounded clock
 *                          drift); HIGH leader with a quorum check (ReadIndex)
 * @param redirect          what a non-leader answers to a write or leader-only read: TRY ({@code -TRY host:port}),
 *                          MOVED ({@code -MOVED 0 host:port}) or PROXY (forwards it to the leader)
 * @param electionTimeout   base election timeout T; each timeout is drawn from [T, 2T)
 * @param heartbeatInterval leader heartbeat period; must be well below the election timeout
 * @param requestTimeout    a client request not completed by then is answered {@code -TIMEOUT}; defaults to
 *                          twice the election timeout
 * @param joinTimeout       how long joining (or RAFTADDPEER) waits for a new member to catch up
 * @param shutdownTimeout   bound on handing leadership over when the node shuts down
 * @param logStore          how the log is stored: SEGMENTED files, MAPDB, or MEMORY (tests only)
 * @param snapshot          when snapshots are taken and how many are kept
 * @param maxAppendBytes    bytes in one AppendEntries message; also bounds each follower's in-flight window
 * @param password          password clients must give with AUTH before any other command
 * @param clusterSecret     secret peers must prove before any Raft RPC is accepted; required when host is
 *                          not a loopback address, unless insecure-peers is set
 * @param insecurePeers     allow binding a non-loopback host without a cluster secret
 * @param limits            bounds on what one client connection may send or leave unread
 * @param forceNewCluster   last-resort recovery: this member rewrites its configuration to itself alone
 * @param restoreFrom       start a new one-member cluster from this snapshot file; refused when the data
 *                          directory is not empty
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
        String clusterSecret,
        @DefaultValue("false") boolean insecurePeers,
        @DefaultValue Limits limits,
        @DefaultValue("false") boolean forceNewCluster,
        Path restoreFrom) {

    public RaftProperties {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    /**
     * Snapshots ({@code raft.snapshot.*}).
     *
     * @param threshold       entries applied since the last snapshot that trigger a new one
     * @param trailingEntries entries kept in the log behind a snapshot, so that slow followers catch up
     *                        without a full snapshot
     * @param retain          snapshot files kept
     */
    public record Snapshot(
            @DefaultValue("8192") long threshold,
            @DefaultValue("10240") long trailingEntries,
            @DefaultValue("2") int retain) {
    }

    /**
     * Per-connection limits ({@code raft.limits.*}). Exceeding one is answered with an error and
     * that connection is closed; the server keeps serving everyone else.
     *
     * @param maxBulkLength      largest bulk string a client may send
     * @param maxArguments       most arguments in one command
     * @param maxInlineLength    longest inline command line
     * @param maxClients         most open client connections
     * @param clientOutputBuffer reply bytes a slow reader may leave pending
     * @param idleTimeout        idle connections are closed after this; 0 means never
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
