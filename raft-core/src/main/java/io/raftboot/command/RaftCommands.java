package io.raftboot.command;

import io.raftboot.api.Command;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.SnapshotInfo;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.node.NotLeaderException;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Finn's cluster commands (RAFTLEADER, RAFTSTATE, RAFTPEERS, RAFTSTATS, membership, snapshots, transfer). */
public final class RaftCommands {
    /** Forwarded requests from a follower in proxy mode; never listed by COMMAND. */
    public static final String FORWARD = "raftforward";
    /** A starting node's question: which members does your cluster have? Never listed by COMMAND. */
    public static final String MEMBERS = "raftmembers";

    private static final List<String> ADMIN = List.of("admin", "stale");
    private final LocalMember node;
    private final Supplier<CommandTable> table;

    public RaftCommands(LocalMember node, Supplier<CommandTable> table) {
        this.node = node;
        this.table = table;
    }

    public List<Builtin> all() {
        return List.of(
                new Builtin("raftleader", 1, List.of("fast", "stale"), false, (c, s) -> RespValue.bulk(node.leaderAddress())),
                new Builtin("raftstate", 1, List.of("fast", "stale"), false, (c, s) -> RespValue.bulk(node.role().display())),
                new Builtin("raftpeers", 1, List.of("stale"), false, this::peers),
                new Builtin("raftstats", 1, List.of("stale"), false, this::stats),
                new Builtin("raftaddpeer", -2, ADMIN, false, this::addPeer),
                new Builtin("raftremovepeer", 2, ADMIN, false, this::removePeer),
                new Builtin("raftsnapshot", 1, ADMIN, false, this::snapshot),
                new Builtin("raftsnapshots", 1, ADMIN, false, this::snapshots),
                new Builtin("raftsnapshotread", 4, ADMIN, false, this::snapshotRead),
                new Builtin("rafttransfer", -1, ADMIN, false, this::transfer),
                new Builtin(MEMBERS, 1, ADMIN, false, this::members),
                // admin: it runs any state-machine command, so only a member's proxy link (signed in as
                // default) may send it; the member that forwards checked the client's own role first
                new Builtin(FORWARD, -2, ADMIN, false, this::forward));
    }

    private Object peers(RespCommand c, ClientSession s) {
        return node.statusAsync().thenApply(status -> {
            List<MemberStatus> members = new ArrayList<>(status.members());
            members.sort(Comparator.comparing(MemberStatus::address));
            List<RespValue> out = new ArrayList<>();
            for (MemberStatus m : members) {
                out.add(RespValue.bulk(m.address()));
                out.add(RespValue.bulk(m.state()));
            }
            return (RespValue) RespValue.array(out);
        });
    }

    private Object stats(RespCommand c, ClientSession s) {
        CompletableFuture<RaftStatus> raw = node.raftStatus();
        return node.statusAsync().thenCombine(raw, (status, engine) -> {
            Map<String, String> stats = new TreeMap<>();
            stats.put("applied_index", String.valueOf(status.appliedIndex()));
            stats.put("commit_index", String.valueOf(status.commitIndex()));
            stats.put("fsm_pending", String.valueOf(node.applyBacklog()));
            stats.put("id", status.id());
            stats.put("address", node.advertisedAddress());
            stats.put("cluster_id", status.clusterId() == null ? "" : status.clusterId());
            stats.put("last_contact", lastContact(status));
            stats.put("last_log_index", String.valueOf(status.lastLogIndex()));
            stats.put("last_log_term", String.valueOf(status.lastLogTerm()));
            stats.put("last_snapshot_index", String.valueOf(status.lastSnapshotIndex()));
            stats.put("last_snapshot_term", String.valueOf(status.lastSnapshotTerm()));
            stats.put("leader", status.leaderAddress() == null ? "" : status.leaderAddress());
            stats.put("leader_id", status.leaderId() == null ? "" : status.leaderId());
            stats.put("num_peers", String.valueOf(Math.max(0, status.members().size() - 1)));
            stats.put("num_voters", String.valueOf(engine.configuration().voters().size()));
            stats.put("num_learners", String.valueOf(engine.configuration().learners().size()));
            stats.put("state", status.role().display());
            stats.put("term", String.valueOf(status.term()));
            stats.put("voted_for", engine.votedFor() == null ? "" : engine.votedFor());
            stats.put("first_log_index", String.valueOf(engine.firstIndex()));
            stats.put("durability", status.durability().name().toLowerCase(java.util.Locale.ROOT));
            stats.put("consistency", status.consistency().name().toLowerCase(java.util.Locale.ROOT));
            io.raftboot.api.LoadingStatus loading = node.loadingStatus();
            stats.put("loading", loading.loading() ? "1" : "0");
            stats.put("loading_loaded_perc", String.valueOf(loading.percent()));
            stats.put("loading_phase", loading.phase() == null ? "" : loading.phase());
            stats.put("loading_target_index", String.valueOf(loading.targetIndex()));
            List<RespValue> out = new ArrayList<>();
            for (Map.Entry<String, String> e : stats.entrySet()) {
                out.add(RespValue.bulk(e.getKey()));
                out.add(RespValue.bulk(e.getValue()));
            }
            return (RespValue) RespValue.array(out);
        });
    }

    private static String lastContact(NodeStatus status) {
        if (status.isLeader()) {
            return "0";
        }
        for (MemberStatus m : status.members()) {
            if (m.id().equals(status.leaderId())) {
                return m.lastContactMillis() < 0 ? "never" : m.lastContactMillis() + "ms";
            }
        }
        return "never";
    }

    private Object addPeer(RespCommand c, ClientSession s) {
        if (c.argCount() > 3) {
            return Replies.wrongArity("raftaddpeer");
        }
        String address = c.argString(1);
        String id = c.argCount() == 3 ? c.argString(2) : LocalMember.defaultId(address);
        try {
            RaftOptions.Peer.parse(id + "@" + address);
        } catch (IllegalArgumentException e) {
            return RespValue.error("ERR " + e.getMessage().replace("raft.peers", "RAFTADDPEER"));
        }
        requireLeader();
        Duration timeout = node.options().joinTimeout();
        return ok(node.addMember(id, address, timeout));
    }

    private Object removePeer(RespCommand c, ClientSession s) {
        requireLeader();
        return ok(node.removeMember(c.argString(1), node.options().requestTimeout()));
    }

    private Object transfer(RespCommand c, ClientSession s) {
        if (c.argCount() > 2) {
            return Replies.wrongArity("rafttransfer");
        }
        requireLeader();
        String target = c.argCount() == 2 ? c.argString(1) : null;
        return ok(node.transferLeadership(target));
    }

    private Object snapshot(RespCommand c, ClientSession s) {
        return ok(node.snapshot());
    }

    private Object snapshots(RespCommand c, ClientSession s) {
        List<RespValue> out = new ArrayList<>();
        for (SnapshotInfo f : node.snapshots()) {
            out.add(RespValue.array(RespValue.bulk(f.id()), RespValue.integer(f.index()),
                    RespValue.integer(f.term()), RespValue.integer(f.size()), RespValue.bulk(f.checksum())));
        }
        return RespValue.array(out);
    }

    private Object snapshotRead(RespCommand c, ClientSession s) {
        long offset;
        int count;
        try {
            offset = Long.parseLong(c.argString(2));
            count = Integer.parseInt(c.argString(3));
        } catch (NumberFormatException e) {
            return RespValue.error("ERR value is not an integer or out of range");
        }
        if (offset < 0 || count < 0 || count > (8 << 20)) {
            return RespValue.error("ERR offset must be >= 0 and count in 0..8388608");
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return (RespValue) RespValue.bulk(node.readSnapshotChunk(c.argString(1), offset, count));
            } catch (IOException | IllegalArgumentException e) {
                return RespValue.error("ERR " + e.getMessage());
            }
        });
    }

    /**
     * {@code [cluster id, [[id, address, voter, participated], ...]]}: participated is 1 when this
     * member has heard from that one or (on the leader) knows entries replicated on it, i.e. that id
     * already ran with data.
     */
    private Object members(RespCommand c, ClientSession s) {
        return node.statusAsync().thenApply(status -> {
            List<RespValue> members = new ArrayList<>();
            for (MemberStatus m : status.members()) {
                boolean self = m.id().equals(status.id());
                boolean participated = !self && (m.lastContactMillis() >= 0 || status.isLeader() && m.matchIndex() > 0);
                members.add(RespValue.array(RespValue.bulk(m.id()), RespValue.bulk(m.address()),
                        RespValue.integer(m.voter() ? 1 : 0), RespValue.integer(participated ? 1 : 0)));
            }
            String cluster = node.clusterId();
            return (RespValue) RespValue.array(RespValue.bulk(cluster == null ? "" : cluster), RespValue.array(members));
        });
    }

    /**
     * A follower forwards a client's request: runs it here as if the client had sent it, and answers
     * {@code [index, reply]} where index is this leader's commit index once the reply was known, so
     * the follower can hold later reads on that connection until it has applied as far.
     */
    private Object forward(RespCommand c, ClientSession s) {
        byte[][] args = new byte[c.argCount() - 1][];
        for (int i = 1; i < c.argCount(); i++) {
            args[i - 1] = c.arg(i);
        }
        Command command = new Command(args);
        CommandTable.Entry entry = table.get().lookup(args[0]);
        if (entry == null || entry.user() == null) {
            return wrapped(Replies.unknownCommand(command.name()));
        }
        if (!entry.acceptsArgumentCount(args.length)) {
            return wrapped(Replies.wrongArity(entry.name()));
        }
        try {
            entry.user().validator().validate(command);
        } catch (RuntimeException e) {
            return wrapped(Replies.toError(e));
        }
        CompletableFuture<RespValue> reply = entry.isUserWrite() ? node.write(command)
                : node.read(entry.user(), command, 0);
        return reply.handle((value, failure) -> {
            if (failure == null) {
                return wrapped(value);
            }
            Throwable cause = CommandDispatcher.unwrap(failure);
            if (cause instanceof NotLeaderException notLeader) {
                // the follower relays this as is: never forwarded twice
                return notLeader.leaderAddress() == null ? Replies.CLUSTERDOWN
                        : RespValue.error("TRY " + notLeader.leaderAddress());
            }
            return wrapped(Replies.toError(cause));
        });
    }

    private RespValue wrapped(RespValue reply) {
        return RespValue.array(RespValue.integer(node.commitIndex()), reply);
    }

    private void requireLeader() {
        if (!node.isLeader()) {
            throw new NotLeaderException(node.leaderId(), node.leaderAddress());
        }
    }

    private static CompletionStage<RespValue> ok(CompletableFuture<Void> action) {
        return action.thenApply(ignored -> (RespValue) RespValue.OK);
    }
}
