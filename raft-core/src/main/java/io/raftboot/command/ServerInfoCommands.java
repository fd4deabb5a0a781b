package io.raftboot.command;

import io.raftboot.api.KeyspaceStats;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.Redirect;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * How this node describes itself and the cluster in Redis' terms: INFO, ROLE (the leader as master,
 * the others as replicas) and, with {@code raft.redirect=moved}, CLUSTER describing one shard that
 * the leader owns, so cluster-mode clients send everything to it.
 */
public final class ServerInfoCommands {
    private static final long STARTED = System.currentTimeMillis();

    private final LocalMember node;
    private final IntSupplier connections;

    public ServerInfoCommands(LocalMember node, IntSupplier connections) {
        this.node = node;
        this.connections = connections;
    }

    public List<Builtin> all() {
        return List.of(
                new Builtin("info", -1, List.of("stale"), false, this::info),
                new Builtin("role", 1, List.of("fast", "stale"), false, this::role),
                new Builtin("cluster", -2, List.of("stale"), false, this::cluster));
    }

    private Object info(RespCommand c, ClientSession s) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < c.argCount(); i++) {
            sections.add(c.argString(i).toLowerCase(Locale.ROOT));
        }
        boolean all = sections.isEmpty() || sections.contains("all") || sections.contains("default")
                || sections.contains("everything");
        return node.statusAsync().thenApply(status -> {
            StringBuilder out = new StringBuilder();
            if (all || sections.contains("server")) {
                out.append("# Server\r\n")
                        .append("redis_version:").append(ConnectionCommands.REDIS_VERSION).append("\r\n")
                        .append("raftboot_version:0.1.0\r\n")
                        .append("redis_mode:").append(node.options().redirect() == Redirect.MOVED ? "cluster" : "standalone")
                        .append("\r\n")
                        .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                        .append("run_id:").append(runId()).append("\r\n")
                        .append("tcp_port:").append(node.port()).append("\r\n")
                        .append("uptime_in_seconds:").append((System.currentTimeMillis() - STARTED) / 1000).append("\r\n")
                        .append("\r\n");
            }
            if (all || sections.contains("clients")) {
                out.append("# Clients\r\n").append("connected_clients:").append(connections.getAsInt()).append("\r\n\r\n");
            }
            if (all || sections.contains("replication")) {
                out.append("# Replication\r\n");
                if (status.isLeader()) {
                    out.append("role:master\r\n");
                    List<MemberStatus> others = others(status);
                    out.append("connected_slaves:").append(others.size()).append("\r\n");
                    int i = 0;
                    for (MemberStatus m : others) {
                        HostPort hp = HostPort.parse(m.address());
                        out.append("slave").append(i++).append(":ip=").append(hp.host()).append(",port=").append(hp.port())
                                .append(",state=").append(m.state().equals("Unreachable") ? "wait_bgsave" : "online")
                                .append(",offset=").append(Math.max(0, m.matchIndex())).append(",lag=0\r\n");
                    }
                    out.append("master_repl_offset:").append(status.commitIndex()).append("\r\n");
                } else {
                    out.append("role:slave\r\n");
                    if (status.leaderAddress() != null) {
                        HostPort hp = HostPort.parse(status.leaderAddress());
                        out.append("master_host:").append(hp.host()).append("\r\n")
                                .append("master_port:").append(hp.port()).append("\r\n")
                                .append("master_link_status:up\r\n");
                    } else {
                        out.append("master_link_status:down\r\n");
                    }
                    out.append("slave_repl_offset:").append(status.appliedIndex()).append("\r\n");
                }
                out.append("\r\n");
            }
            if (all || sections.contains("persistence")) {
                LoadingStatus loading = node.loadingStatus();
                out.append("# Persistence\r\n")
                        .append("loading:").append(loading.loading() ? 1 : 0).append("\r\n")
                        .append("loading_loaded_perc:").append(loading.percent()).append("\r\n")
                        .append("raft_loading_phase:").append(loading.phase() == null ? "" : loading.phase()).append("\r\n")
                        .append("raft_loading_target_index:").append(loading.targetIndex()).append("\r\n")
                        .append("\r\n");
            }
            if (all || sections.contains("keyspace")) {
                out.append("# Keyspace\r\n");
                KeyspaceStats keys = node.keyspaceStats();
                // like Redis, an empty database is not listed
                if (keys != null && keys.keys() > 0) {
                    out.append("db0:keys=").append(keys.keys()).append(",expires=").append(keys.expires())
                            .append(",avg_ttl=").append(keys.avgTtlMillis()).append("\r\n");
                }
                out.append("\r\n");
            }
            if (all || sections.contains("raft")) {
                out.append("# Raft\r\n")
                        .append("raft_node_id:").append(status.id()).append("\r\n")
                        .append("raft_cluster_id:").append(status.clusterId() == null ? "" : status.clusterId()).append("\r\n")
                        .append("raft_state:").append(status.role().display()).append("\r\n")
                        .append("raft_term:").append(status.term()).append("\r\n")
                        .append("raft_leader:").append(status.leaderAddress() == null ? "" : status.leaderAddress()).append("\r\n")
                        .append("raft_commit_index:").append(status.commitIndex()).append("\r\n")
                        .append("raft_applied_index:").append(status.appliedIndex()).append("\r\n")
                        .append("raft_last_log_index:").append(status.lastLogIndex()).append("\r\n")
                        .append("raft_last_snapshot_index:").append(status.lastSnapshotIndex()).append("\r\n")
                        .append("raft_members:").append(status.members().size()).append("\r\n")
                        .append("raft_durability:").append(status.durability().name().toLowerCase(Locale.ROOT)).append("\r\n")
                        .append("raft_consistency:").append(status.consistency().name().toLowerCase(Locale.ROOT)).append("\r\n")
                        .append("\r\n");
            }
            return (RespValue) RespValue.bulk(out.toString());
        });
    }

    private List<MemberStatus> others(NodeStatus status) {
        List<MemberStatus> out = new ArrayList<>();
        for (MemberStatus m : status.members()) {
            if (!m.id().equals(status.id())) {
                out.add(m);
            }
        }
        return out;
    }

    private Object role(RespCommand c, ClientSession s) {
        return node.statusAsync().thenApply(status -> {
            if (status.isLeader()) {
                List<RespValue> replicas = new ArrayList<>();
                for (MemberStatus m : others(status)) {
                    HostPort hp = HostPort.parse(m.address());
                    replicas.add(RespValue.array(RespValue.bulk(hp.host()), RespValue.bulk(String.valueOf(hp.port())),
                            RespValue.bulk(String.valueOf(Math.max(0, m.matchIndex())))));
                }
                return (RespValue) RespValue.array(RespValue.bulk("master"), RespValue.integer(status.commitIndex()),
                        RespValue.array(replicas));
            }
            HostPort leader = status.leaderAddress() == null ? null : HostPort.parse(status.leaderAddress());
            return RespValue.array(RespValue.bulk("slave"), RespValue.bulk(leader == null ? "" : leader.host()),
                    RespValue.integer(leader == null ? 0 : leader.port()),
                    RespValue.bulk(leader == null ? "connect" : "connected"), RespValue.integer(status.appliedIndex()));
        });
    }

    private Object cluster(RespCommand c, ClientSession s) {
        if (node.options().redirect() != Redirect.MOVED) {
            return RespValue.error("ERR This instance has cluster support disabled");
        }
        String sub = c.argString(1).toUpperCase(Locale.ROOT);
        if (sub.equals("MYID")) {
            return RespValue.bulk(clusterNodeId(node.id()));
        }
        return node.statusAsync().thenApply(status -> switch (sub) {
            case "INFO" -> RespValue.bulk("cluster_enabled:1\r\ncluster_state:" + (status.leaderAddress() == null ? "fail" : "ok")
                    + "\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_slots_pfail:0\r\n"
                    + "cluster_slots_fail:0\r\ncluster_known_nodes:" + status.members().size() + "\r\ncluster_size:1\r\n"
                    + "cluster_current_epoch:" + status.term() + "\r\ncluster_my_epoch:" + status.term() + "\r\n");
            case "SLOTS" -> slots(status);
            case "SHARDS" -> shards(status);
            case "NODES" -> RespValue.bulk(nodes(status));
            default -> (RespValue) RespValue.error("ERR unknown subcommand '" + c.argString(1) + "'. Try CLUSTER HELP.");
        });
    }

    private RespValue slots(NodeStatus status) {
        if (status.leaderId() == null) {
            return RespValue.EMPTY_ARRAY;
        }
        List<RespValue> range = new ArrayList<>();
        range.add(RespValue.integer(0));
        range.add(RespValue.integer(16383));
        range.add(nodeRef(status.leaderAddress(), status.leaderId()));
        for (MemberStatus m : status.members()) {
            if (!m.id().equals(status.leaderId())) {
                range.add(nodeRef(m.address(), m.id()));
            }
        }
        return RespValue.array(RespValue.array(range));
    }

    private static RespValue nodeRef(String address, String id) {
        HostPort hp = HostPort.parse(address);
        return RespValue.array(RespValue.bulk(hp.host()), RespValue.integer(hp.port()), RespValue.bulk(clusterNodeId(id)));
    }

    private RespValue shards(NodeStatus status) {
        List<RespValue> nodes = new ArrayList<>();
        for (MemberStatus m : status.members()) {
            HostPort hp = HostPort.parse(m.address());
            boolean leader = m.id().equals(status.leaderId());
            nodes.add(RespValue.array(RespValue.bulk("id"), RespValue.bulk(clusterNodeId(m.id())),
                    RespValue.bulk("port"), RespValue.integer(hp.port()), RespValue.bulk("ip"), RespValue.bulk(hp.host()),
                    RespValue.bulk("endpoint"), RespValue.bulk(hp.host()),
                    RespValue.bulk("role"), RespValue.bulk(leader ? "master" : "replica"),
                    RespValue.bulk("replication-offset"), RespValue.integer(Math.max(0, m.matchIndex())),
                    RespValue.bulk("health"), RespValue.bulk(m.state().equals("Unreachable") ? "fail" : "online")));
        }
        return RespValue.array(RespValue.array(RespValue.bulk("slots"),
                RespValue.array(RespValue.integer(0), RespValue.integer(16383)), RespValue.bulk("nodes"),
                RespValue.array(nodes)));
    }

    private String nodes(NodeStatus status) {
        StringBuilder out = new StringBuilder();
        String leaderRef = status.leaderId() == null ? "-" : clusterNodeId(status.leaderId());
        for (MemberStatus m : status.members()) {
            HostPort hp = HostPort.parse(m.address());
            boolean leader = m.id().equals(status.leaderId());
            boolean self = m.id().equals(status.id());
            out.append(clusterNodeId(m.id())).append(' ').append(hp.host()).append(':').append(hp.port()).append('@')
                    .append(hp.port()).append(' ').append(self ? "myself," : "").append(leader ? "master" : "slave")
                    .append(' ').append(leader ? "-" : leaderRef).append(" 0 0 ").append(status.term())
                    .append(m.state().equals("Unreachable") ? " disconnected" : " connected")
                    .append(leader ? " 0-16383" : "").append('\n');
        }
        return out.toString();
    }

    /** Redis cluster node ids are 40 hex characters: derived from the member id. */
    static String clusterNodeId(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String runId() {
        return clusterNodeId(ManagementFactory.getRuntimeMXBean().getName() + STARTED);
    }

    /** A {@code host:port} split for replies. */
    record HostPort(String host, int port) {
        static HostPort parse(String address) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new HostPort(host, Integer.parseInt(address.substring(colon + 1)));
        }
    }
}
