package io.raftboot.consensus;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The leader's replication to each peer: probing for the match point (using conflict hints that
 * skip whole terms), pipelined appends within the in-flight limits, snapshots for peers whose next
 * entry was compacted away, and recovery from lost appends or lost snapshot answers. Commit,
 * quorum and role decisions stay with {@link Raft}.
 */
final class Replicator {
    private final RaftConfig config;
    private final String self;
    private final RaftLog log;
    private final Consumer<Message> send;
    private final Map<String, Progress> peers = new TreeMap<>();
    private long term;
    private long ticks;

    Replicator(RaftConfig config, RaftLog log, Consumer<Message> send) {
        this.config = config;
        this.self = config.id();
        this.log = log;
        this.send = send;
    }

    /** A new leadership of {@code leaderTerm}: every peer is probed from {@code nextIndex}. */
    void start(long leaderTerm, Collection<String> peerIds, long nextIndex) {
        term = leaderTerm;
        ticks = 0;
        peers.clear();
        for (String id : peerIds) {
            peers.put(id, new Progress(id, nextIndex));
        }
    }

    void clear() {
        peers.clear();
    }

    void tick() {
        ticks++;
    }

    Progress get(String id) {
        return peers.get(id);
    }

    Collection<Progress> all() {
        return peers.values();
    }

    /** Starts tracking a member added by a configuration change. */
    void track(String id) {
        peers.putIfAbsent(id, new Progress(id, log.lastIndex()));
    }

    void untrackIf(Predicate<String> gone) {
        peers.keySet().removeIf(gone);
    }

    void broadcast() {
        for (Progress p : peers.values()) {
            sendAppend(p);
        }
    }

    /** Sends what {@code p} may receive now: a probe, a pipeline of appends, or a snapshot. */
    void sendAppend(Progress p) {
        while (!p.paused(config)) {
            long last = log.lastIndex();
            if (p.state == Progress.State.REPLICATE && p.next > last) {
                return;
            }
            long prev = p.next - 1;
            if (!log.hasTerm(prev)) {
                sendSnapshot(p);
                return;
            }
            long budget = config.maxAppendBytes();
            if (p.state == Progress.State.REPLICATE) {
                budget = Math.max(1, Math.min(budget, config.maxInflightBytes() - p.inflightBytes()));
            }
            List<Entry> entries = log.entries(p.next, last + 1, budget);
            long bytes = 0;
            for (Entry e : entries) {
                bytes += e.sizeInBytes();
            }
            send.accept(new Message.AppendRequest(self, p.id, term, prev, log.term(prev), entries, log.commitIndex()));
            p.sent(prev + entries.size(), bytes);
            if (p.state != Progress.State.REPLICATE) {
                p.probeSentTick = ticks;
                return;
            }
        }
    }

    /** Sends heartbeat {@code round}; each carries only the commit that peer is known to hold. */
    void heartbeat(long round) {
        long commit = log.commitIndex();
        for (Progress p : peers.values()) {
            send.accept(new Message.Heartbeat(self, p.id, term, Math.min(commit, p.match), round));
        }
    }

    /**
     * Applies an append answer to the peer's progress. Match only grows, next never falls below
     * match + 1, and stale answers change nothing. True when the leader should send more.
     */
    boolean appendAnswered(Progress p, Message.AppendResponse r) {
        if (r.success()) {
            p.acknowledged(r.index());
            if (p.state == Progress.State.PROBE
                    || (p.state == Progress.State.SNAPSHOT && p.match >= p.pendingSnapshot)) {
                p.becomeReplicate();
            }
            return true;
        }
        boolean current = switch (p.state) {
            case REPLICATE -> r.index() > p.match;
            case PROBE -> r.index() == p.next - 1;
            // A rejected "did the snapshot arrive?" question: it was lost (e.g. to a crash before
            // it was durable), so probe again; sendAppend sends a new snapshot if still needed.
            case SNAPSHOT -> r.index() == p.pendingSnapshot;
        };
        if (current) {
            p.becomeProbe(nextAfterRejection(p, r));
        }
        return current;
    }

    /** Uses the follower's conflict hint to skip a whole conflicting term. */
    private long nextAfterRejection(Progress p, Message.AppendResponse r) {
        long next;
        if (r.conflictTerm() == 0) {
            next = r.conflictIndex();
        } else {
            long j = Math.min(r.index(), log.lastIndex());
            long floor = log.firstIndex() - 1;
            while (j > floor && log.term(j) > r.conflictTerm()) {
                j--;
            }
            next = j >= floor && log.hasTerm(j) && log.term(j) == r.conflictTerm() ? j + 1 : r.conflictIndex();
        }
        return Math.max(p.match + 1, Math.min(next, r.index()));
    }

    /**
     * A heartbeat answer: the peer is alive, so resume a probe or repair a stalled pipeline. Judged per
     * heartbeat interval, not per answer: ReadIndex starts a round for each batch of reads, and acting
     * on every answer would re-send a whole append per read (memory filled with copies of the same
     * entries) and take a pipeline whose acknowledgements are merely on their way for a stalled one.
     */
    void heartbeatAnswered(Progress p, long round) {
        p.ackedRound = Math.max(p.ackedRound, round);
        boolean checkDue = ticks - p.stallCheckTick >= config.heartbeatTicks();
        if (p.state == Progress.State.PROBE) {
            if (ticks - p.probeSentTick >= config.heartbeatTicks()) {
                p.probeSent = false; // unanswered for a heartbeat interval: presumed lost
            }
        } else if (p.state == Progress.State.REPLICATE && p.hasInflight() && checkDue
                && p.match == p.matchAtLastHeartbeatAck) {
            // No append was acknowledged across a heartbeat interval: some were lost; probe again.
            p.becomeProbe(p.match + 1);
        } else if (p.state == Progress.State.SNAPSHOT && ticks - p.snapshotSentTick >= config.electionTicks()) {
            askWhetherSnapshotArrived(p);
        }
        if (checkDue) {
            p.matchAtLastHeartbeatAck = p.match;
            p.stallCheckTick = ticks;
        }
        if (p.match < log.lastIndex()) {
            sendAppend(p);
        }
    }

    /** The peer installed (or already had) the snapshot and holds entries up to {@code index}. */
    void snapshotInstalled(Progress p, long index) {
        p.acknowledged(index);
        p.becomeProbe(p.match + 1);
    }

    void snapshotFailed(Progress p) {
        if (p.state == Progress.State.SNAPSHOT) {
            // The follower may have installed it after all: probe just after it first.
            p.becomeProbe(p.pendingSnapshot + 1);
            p.probeSent = true; // retried when the next heartbeat is answered
        }
    }

    /**
     * The answer to an installed snapshot may have been lost, and the runtime reports only failed
     * transfers. An empty append just after the snapshot settles it without sending it again: a
     * success moves the peer on, a rejection (still transferring) is ignored in snapshot state.
     */
    private void askWhetherSnapshotArrived(Progress p) {
        if (log.hasTerm(p.pendingSnapshot)) {
            send.accept(new Message.AppendRequest(self, p.id, term, p.pendingSnapshot, log.term(p.pendingSnapshot),
                    List.of(), log.commitIndex()));
        } else {
            p.becomeProbe(p.match + 1);
            sendAppend(p);
        }
    }

    private void sendSnapshot(Progress p) {
        SnapshotMeta snapshot = log.snapshot();
        p.becomeSnapshot(snapshot.index());
        p.snapshotSentTick = ticks;
        send.accept(new Message.InstallSnapshot(self, p.id, term, snapshot));
    }
}
