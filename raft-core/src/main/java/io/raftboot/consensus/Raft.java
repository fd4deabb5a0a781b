package io.raftboot.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * The Raft state machine behind {@link RaftEngine}: roles and elections (pre-vote, check-quorum,
 * leader stickiness), replication with per-peer progress, commit, ReadIndex and lease rounds,
 * single-server membership changes, snapshots as metadata and leadership transfer. Single-threaded
 * by contract; all output is collected into the next {@link Ready}.
 */
final class Raft implements RaftEngine {
    private final RaftConfig config;
    private final String id;
    private final RandomGenerator random;
    private final RaftLog log;
    private final ConfigHistory configs;

    private long term;
    private String votedFor;
    private Role role = Role.FOLLOWER;
    private String leaderId;

    private int electionElapsed;
    /** Ticks since this engine was opened, saturating at electionTicks. */
    private int ticksSinceOpen;
    private int randomizedElectionTimeout;
    private int heartbeatElapsed;

    /** Votes received in the current (pre-)campaign: voter id to granted. */
    private final Map<String, Boolean> votes = new HashMap<>();

    // Leader state.
    private final Replicator replicator;
    private long ownTermFirstIndex = Long.MAX_VALUE;
    private final ArrayDeque<long[]> uncommitted = new ArrayDeque<>();
    private long uncommittedBytes;
    private String transferTarget;
    private int transferElapsed;
    private boolean timeoutNowSent;
    private long leaderTicks;
    private final LearnerCatchUp catchUps;
    private final ReadIndexQueue reads = new ReadIndexQueue();
    /** Newest heartbeat round sent; increases over the engine's lifetime. */
    private long newestRound;
    private final Lease lease = new Lease();

    // Output gathered for the next Ready.
    private List<Message> messages = new ArrayList<>();
    private List<Message> messagesAfterPersist = new ArrayList<>();
    private List<ReadState> releasedReads = new ArrayList<>();
    private List<Long> abortedReads = new ArrayList<>();
    private SnapshotMeta snapshotToInstall;
    private long leaseOut;
    private HardState reportedHardState;
    private SoftState reportedSoftState;

    Raft(RaftConfig config, LogView logView, HardState hardState, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = config.id();
        this.random = Objects.requireNonNull(random, "random");
        this.catchUps = new LearnerCatchUp(config.electionTicks());
        HardState hs = hardState == null ? HardState.INITIAL : hardState;
        this.log = new RaftLog(Objects.requireNonNull(logView, "log"), hs.commitHint());
        this.configs = new ConfigHistory(logView.snapshot());
        this.replicator = new Replicator(config, log, m -> messages.add(m));
        long last = logView.lastIndex();
        // Trailing entries kept behind the snapshot are older than its configuration: skip them.
        long from = Math.max(logView.firstIndex(), logView.snapshot().index() + 1);
        if (from <= last) {
            // the log says where its configuration entries are (the segmented log noted them on
            // its open scan), so a long log is not read and decoded once more here
            for (long index : logView.configurationIndexes(from, last)) {
                configs.appended(logView.entries(index, index + 1, Long.MAX_VALUE));
            }
        }
        this.term = hs.term();
        this.votedFor = hs.votedFor();
        // A member that never saw a term cannot have acknowledged any leader: no lease to protect.
        this.ticksSinceOpen = term == 0 ? config.electionTicks() : 0;
        this.reportedHardState = new HardState(term, votedFor, hs.commitHint());
        this.reportedSoftState = new SoftState(role, term, leaderId);
        resetElectionTimer();
    }

    // ---------------------------------------------------------------- time

    @Override
    public void tick() {
        if (ticksSinceOpen < config.electionTicks()) {
            ticksSinceOpen++;
        }
        if (role == Role.LEADER) {
            tickLeader();
        } else {
            tickElection();
        }
    }

    private void tickElection() {
        if (electionElapsed < Integer.MAX_VALUE) {
            electionElapsed++;
        }
        if ((electionElapsed >= randomizedElectionTimeout || soleVoter()) && promotable()) {
            startPreVote();
        }
    }

    /**
     * A member that is the only voter of its configuration has nobody to wait for: no other member
     * can lead this configuration without its vote, so it campaigns on its first tick instead of
     * after an election timeout (a one-member service is up a second or two sooner after a restart).
     */
    private boolean soleVoter() {
        return configs.voters().size() == 1;
    }

    private void tickLeader() {
        leaderTicks++;
        replicator.tick();
        heartbeatElapsed++;
        electionElapsed++;
        if (transferTarget != null && ++transferElapsed >= config.electionTicks()) {
            abortTransfer();
        }
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            if (!quorumRecentlyActive()) {
                becomeFollower(term, null);
                return;
            }
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            startHeartbeatRound();
        }
        checkCatchUps();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    /** Only voters of the current configuration ever campaign. */
    private boolean promotable() {
        return configs.current().isVoter(id);
    }

    /**
     * A member that has just restarted may have acknowledged a leader's heartbeat moments before it
     * went down and forgotten it; it counts as having heard a leader for its first election
     * timeout, so a fast restart can never help elect a new leader while the old one's lease holds.
     */
    private boolean heardFromLeaderRecently() {
        return (leaderId != null && electionElapsed < config.electionTicks())
                || ticksSinceOpen < config.electionTicks();
    }

    // ---------------------------------------------------------------- roles

    private void becomeFollower(long newTerm, String leader) {
        boolean wasLeader = role == Role.LEADER;
        if (newTerm != term) {
            term = newTerm;
            votedFor = null;
        }
        if (role != Role.FOLLOWER) {
            resetElectionTimer();
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        votes.clear();
        if (wasLeader) {
            leaveLeadership();
        }
    }

    private void leaveLeadership() {
        abortedReads.addAll(reads.abortAll());
        leaseOut = -1;
        replicator.clear();
        catchUps.clear();
        uncommitted.clear();
        uncommittedBytes = 0;
        transferTarget = null;
        timeoutNowSent = false;
        ownTermFirstIndex = Long.MAX_VALUE;
    }

    private void startPreVote() {
        role = Role.PRE_CANDIDATE;
        leaderId = null;
        votes.clear();
        resetElectionTimer();
        votes.put(id, true);
        if (!tallyVotes()) {
            requestVotes(term + 1, true, false);
        }
    }

    private void campaign(boolean transfer) {
        role = Role.CANDIDATE;
        term++;
        votedFor = id;
        leaderId = null;
        votes.clear();
        resetElectionTimer();
        votes.put(id, true);
        if (!tallyVotes()) {
            requestVotes(term, false, transfer);
        }
    }

    private void requestVotes(long voteTerm, boolean preVote, boolean transfer) {
        long lastIndex = log.lastIndex();
        long lastTerm = log.lastTerm();
        for (Member voter : configs.voters()) {
            if (!voter.id().equals(id)) {
                messagesAfterPersist.add(new Message.VoteRequest(id, voter.id(), voteTerm, lastIndex,
                        lastTerm, preVote, transfer));
            }
        }
    }

    /** Counts votes of the current configuration's voters; acts on a decision. True when decided. */
    private boolean tallyVotes() {
        int granted = 0;
        int rejected = 0;
        for (Member voter : configs.voters()) {
            Boolean vote = votes.get(voter.id());
            if (vote != null) {
                if (vote) {
                    granted++;
                } else {
                    rejected++;
                }
            }
        }
        int quorum = Quorum.of(configs.voters().size());
        if (granted >= quorum) {
            if (role == Role.PRE_CANDIDATE) {
                campaign(false);
            } else {
                becomeLeader();
            }
            return true;
        }
        if (rejected > configs.voters().size() - quorum) {
            becomeFollower(term, null);
            return true;
        }
        return false;
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id;
        votes.clear();
        electionElapsed = 0;
        heartbeatElapsed = 0;
        leaderTicks = 0;
        transferTarget = null;
        timeoutNowSent = false;
        lease.startAfter(newestRound);
        long next = log.lastIndex() + 1;
        List<String> peers = new ArrayList<>();
        for (Member m : configs.current().members()) {
            if (!m.id().equals(id)) {
                peers.add(m.id());
            }
        }
        replicator.start(term, peers, next);
        ownTermFirstIndex = next;
        appendAsLeader(List.of(Entry.noop(next, term)));
        replicator.broadcast();
    }

    // ---------------------------------------------------------------- messages

    @Override
    public void step(Message m) {
        Objects.requireNonNull(m, "message");
        if (!id.equals(m.to())) {
            throw new IllegalArgumentException("message for " + m.to() + " delivered to " + id);
        }
        if (m.term() > term) {
            if (m instanceof Message.VoteRequest v) {
                if (!v.transfer() && heardFromLeaderRecently()) {
                    // Leader stickiness: a live leader is not disrupted, and the term is not bumped.
                    if (v.preVote()) {
                        reply(new Message.VoteResponse(id, v.from(), term, false, true));
                    }
                    return;
                }
                if (!v.preVote()) {
                    becomeFollower(m.term(), null);
                }
            } else if (m instanceof Message.VoteResponse r && r.preVote() && r.granted()) {
                // A granted pre-vote carries the term the pre-candidate proposed; nothing changes.
            } else {
                boolean fromLeader = m instanceof Message.AppendRequest || m instanceof Message.Heartbeat
                        || m instanceof Message.InstallSnapshot || m instanceof Message.TimeoutNow;
                becomeFollower(m.term(), fromLeader ? m.from() : null);
            }
        } else if (m.term() < term) {
            answerStale(m);
            return;
        }
        if (m instanceof Message.VoteRequest v) {
            handleVoteRequest(v);
        } else if (m instanceof Message.VoteResponse r) {
            handleVoteResponse(r);
        } else if (m instanceof Message.AppendRequest a) {
            handleAppend(a);
        } else if (m instanceof Message.Heartbeat h) {
            handleHeartbeat(h);
        } else if (m instanceof Message.InstallSnapshot s) {
            handleInstallSnapshot(s);
        } else if (m instanceof Message.AppendResponse r) {
            handleAppendResponse(r);
        } else if (m instanceof Message.HeartbeatResponse r) {
            handleHeartbeatResponse(r);
        } else if (m instanceof Message.InstallSnapshotResponse r) {
            handleInstallSnapshotResponse(r);
        } else if (m instanceof Message.TimeoutNow t) {
            handleTimeoutNow(t);
        }
    }

    private void reply(Message m) {
        messagesAfterPersist.add(m);
    }

    /** A lower-term sender learns this member's term, so a node with an inflated term can return. */
    private void answerStale(Message m) {
        if (m instanceof Message.AppendRequest a) {
            reply(new Message.AppendResponse(id, a.from(), term, false, a.prevLogIndex(), 0, 0));
        } else if (m instanceof Message.Heartbeat h) {
            reply(new Message.HeartbeatResponse(id, h.from(), term, h.round()));
        } else if (m instanceof Message.InstallSnapshot s) {
            reply(new Message.InstallSnapshotResponse(id, s.from(), term, log.lastIndex(), false));
        } else if (m instanceof Message.VoteRequest v) {
            reply(new Message.VoteResponse(id, v.from(), term, false, v.preVote()));
        }
    }

    private void handleVoteRequest(Message.VoteRequest v) {
        boolean upToDate = v.lastLogTerm() > log.lastTerm()
                || (v.lastLogTerm() == log.lastTerm() && v.lastLogIndex() >= log.lastIndex());
        boolean canVote = v.from().equals(votedFor)
                || (votedFor == null && leaderId == null)
                || (v.preVote() && v.term() > term);
        if (promotable() && canVote && upToDate) {
            if (v.preVote()) {
                reply(new Message.VoteResponse(id, v.from(), v.term(), true, true));
            } else {
                votedFor = v.from();
                resetElectionTimer();
                reply(new Message.VoteResponse(id, v.from(), term, true, false));
            }
        } else {
            reply(new Message.VoteResponse(id, v.from(), term, false, v.preVote()));
        }
    }

    private void handleVoteResponse(Message.VoteResponse r) {
        if (r.preVote()) {
            if (role != Role.PRE_CANDIDATE || (r.granted() && r.term() != term + 1)) {
                return;
            }
        } else if (role != Role.CANDIDATE || r.term() != term) {
            return;
        }
        votes.putIfAbsent(r.from(), r.granted());
        tallyVotes();
    }

    /** Accepting traffic of the current term from its leader. */
    private void acceptLeader(String from) {
        if (role != Role.FOLLOWER) {
            becomeFollower(term, from);
        }
        leaderId = from;
        electionElapsed = 0;
    }

    private void handleAppend(Message.AppendRequest a) {
        if (role == Role.LEADER) {
            return;
        }
        acceptLeader(a.from());
        RaftLog.Offer offer = log.offer(a.prevLogIndex(), a.prevLogTerm(), a.entries());
        if (!offer.matched()) {
            reply(new Message.AppendResponse(id, a.from(), term, false, a.prevLogIndex(), offer.conflictTerm(),
                    offer.conflictIndex()));
            return;
        }
        if (!offer.toAppend().isEmpty()) {
            appendToLog(offer.toAppend());
        }
        log.commitTo(Math.min(a.leaderCommit(), offer.lastMatched()));
        reply(new Message.AppendResponse(id, a.from(), term, true, offer.lastMatched(), 0, 0));
    }

    private void appendToLog(List<Entry> entries) {
        long first = entries.get(0).index();
        if (first <= log.lastIndex()) {
            configs.truncatedFrom(first);
        }
        log.appendAt(entries);
        configs.appended(entries);
    }

    private void handleHeartbeat(Message.Heartbeat h) {
        if (role == Role.LEADER) {
            return;
        }
        acceptLeader(h.from());
        log.commitTo(Math.min(h.commit(), log.lastIndex()));
        reply(new Message.HeartbeatResponse(id, h.from(), term, h.round()));
    }

    private void handleInstallSnapshot(Message.InstallSnapshot s) {
        if (role == Role.LEADER) {
            return;
        }
        acceptLeader(s.from());
        SnapshotMeta meta = s.snapshot();
        long answer;
        if (meta.index() <= log.commitIndex()) {
            // Already have it; the committed prefix is what this answer proves to match.
            answer = log.commitIndex();
        } else if (log.matchTerm(meta.index(), meta.term())) {
            log.commitTo(meta.index());
            answer = meta.index();
        } else {
            log.restore(meta);
            configs.reset(meta);
            snapshotToInstall = meta;
            answer = meta.index();
        }
        reply(new Message.InstallSnapshotResponse(id, s.from(), term, answer, true));
    }

    private void handleTimeoutNow(Message.TimeoutNow t) {
        if (role != Role.LEADER && promotable()) {
            campaign(true);
        }
    }

    // ---------------------------------------------------------------- leader: replication

    /** The peer's progress when this member leads and tracks it; marks the peer as heard from. */
    private Progress leaderProgress(Message m) {
        if (role != Role.LEADER) {
            return null;
        }
        Progress p = replicator.get(m.from());
        if (p != null) {
            p.recentActive = true;
        }
        return p;
    }

    private void handleAppendResponse(Message.AppendResponse r) {
        Progress p = leaderProgress(r);
        if (p == null) {
            return;
        }
        long before = p.match;
        if (!replicator.appendAnswered(p, r)) {
            return;
        }
        if (p.match > before) {
            maybeCommit();
            if (role != Role.LEADER) {
                return;
            }
        }
        if (r.success()) {
            maybeSendTimeoutNow(p);
        }
        replicator.sendAppend(p);
    }

    private void handleHeartbeatResponse(Message.HeartbeatResponse r) {
        Progress p = leaderProgress(r);
        if (p == null) {
            return;
        }
        replicator.heartbeatAnswered(p, r.round());
        roundsProgressed();
    }

    private void handleInstallSnapshotResponse(Message.InstallSnapshotResponse r) {
        Progress p = leaderProgress(r);
        if (p == null || p.state != Progress.State.SNAPSHOT) {
            return;
        }
        if (!r.success()) {
            replicator.snapshotFailed(p);
            return;
        }
        long before = p.match;
        replicator.snapshotInstalled(p, r.index());
        if (p.match > before) {
            maybeCommit();
        }
        if (role == Role.LEADER) {
            replicator.sendAppend(p);
        }
    }

    @Override
    public void snapshotFailed(String peerId) {
        Progress p = role == Role.LEADER ? replicator.get(peerId) : null;
        if (p != null) {
            replicator.snapshotFailed(p);
        }
    }

    private void appendAsLeader(List<Entry> entries) {
        appendToLog(entries);
        boolean configurationAppended = false;
        for (Entry e : entries) {
            uncommitted.addLast(new long[] {e.index(), e.sizeInBytes()});
            uncommittedBytes += e.sizeInBytes();
            configurationAppended |= e.type() == EntryType.CONFIGURATION;
        }
        if (configurationAppended) {
            syncProgressWithConfiguration();
        }
    }

    private void syncProgressWithConfiguration() {
        Configuration cfg = configs.current();
        // A removed member keeps its progress until the removal commits, so that it learns of it.
        catchUps.retain(peer -> cfg.contains(peer) && !cfg.isVoter(peer));
        for (Member m : cfg.members()) {
            if (!m.id().equals(id)) {
                replicator.track(m.id());
            }
        }
        if (transferTarget != null && !cfg.isVoter(transferTarget)) {
            abortTransfer();
        }
    }

    /** Commits the highest index a voter quorum holds, counting only entries of this term. */
    private void maybeCommit() {
        long candidate = agreedByVoters(log.persistedIndex(), p -> p.match);
        if (candidate > log.commitIndex() && log.term(candidate) == term) {
            log.commitTo(candidate);
            commitAdvanced();
        }
    }

    private void commitAdvanced() {
        long commit = log.commitIndex();
        while (!uncommitted.isEmpty() && uncommitted.peekFirst()[0] <= commit) {
            uncommittedBytes -= uncommitted.pollFirst()[1];
        }
        if (ownTermCommitted()) {
            reads.admit(commit);
        }
        Configuration cfg = configs.current();
        if (commit >= configs.currentIndex()) {
            replicator.untrackIf(peer -> !cfg.contains(peer));
        }
        if (!cfg.isVoter(id) && commit >= configs.currentIndex()) {
            // Removed (or demoted) by a change it led: tell the others it committed, then step down.
            startHeartbeatRound();
            becomeFollower(term, null);
            return;
        }
        roundsProgressed();
        checkCatchUps();
    }

    private boolean ownTermCommitted() {
        return role == Role.LEADER && log.commitIndex() >= ownTermFirstIndex;
    }

    private boolean quorumRecentlyActive() {
        int active = 0;
        for (Member v : configs.voters()) {
            if (v.id().equals(id)) {
                active++;
            } else {
                Progress p = replicator.get(v.id());
                if (p != null && p.recentActive) {
                    active++;
                }
            }
        }
        for (Progress p : replicator.all()) {
            p.recentActive = false;
        }
        return active >= Quorum.of(configs.voters().size());
    }

    // ---------------------------------------------------------------- leader: rounds, reads, lease

    private void startHeartbeatRound() {
        newestRound++;
        replicator.heartbeat(newestRound);
        roundsProgressed();
    }

    /** The newest round acknowledged by a voter quorum (the leader acknowledges all it sent). */
    private long quorumRound() {
        return agreedByVoters(newestRound, p -> p.ackedRound);
    }

    /**
     * The highest value a voter quorum has reached: {@code own} for this member, the progress
     * value for a peer, 0 for a voter not tracked yet.
     */
    private long agreedByVoters(long own, ToLongFunction<Progress> peerValue) {
        List<Member> voters = configs.voters();
        long[] values = new long[voters.size()];
        int i = 0;
        for (Member v : voters) {
            if (v.id().equals(id)) {
                values[i++] = own;
            } else {
                Progress p = replicator.get(v.id());
                values[i++] = p == null ? 0 : peerValue.applyAsLong(p);
            }
        }
        return Quorum.agreed(values);
    }

    private void roundsProgressed() {
        if (role != Role.LEADER) {
            return;
        }
        long confirmed = quorumRound();
        releasedReads.addAll(reads.release(confirmed));
        if (ownTermCommitted() && !timeoutNowSent) {
            long extended = lease.extend(confirmed);
            if (extended > 0 && leaseOut >= 0) {
                leaseOut = extended;
            }
        }
        if (reads.waitingForNewRound(newestRound) && confirmed >= newestRound) {
            startHeartbeatRound();
        }
    }

    @Override
    public ProposalResult.Rejected readIndex(long requestId) {
        ProposalResult.Rejected refused = refuseUnlessLeading();
        if (refused != null) {
            return refused;
        }
        reads.add(requestId, newestRound);
        if (ownTermCommitted()) {
            reads.admit(log.commitIndex());
        }
        roundsProgressed();
        return null;
    }

    // ---------------------------------------------------------------- proposals

    @Override
    public ProposalResult propose(List<byte[]> commands) {
        Objects.requireNonNull(commands, "commands");
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("no commands to propose");
        }
        ProposalResult.Rejected refused = refuseUnlessLeading();
        if (refused != null) {
            return refused;
        }
        long bytes = 0;
        for (byte[] c : commands) {
            bytes += Objects.requireNonNull(c, "command").length + Entry.OVERHEAD;
        }
        if (uncommittedBytes > 0 && uncommittedBytes + bytes > config.maxUncommittedBytes()) {
            return new ProposalResult.Rejected(ProposalResult.Reason.OVERLOADED, id);
        }
        long first = log.lastIndex() + 1;
        List<Entry> entries = new ArrayList<>(commands.size());
        for (byte[] c : commands) {
            entries.add(new Entry(first + entries.size(), term, EntryType.COMMAND, c));
        }
        appendAsLeader(entries);
        replicator.broadcast();
        return new ProposalResult.Accepted(first, first + entries.size() - 1, term);
    }

    /**
     * Why this member cannot take a proposal, read or transfer now, or null when it can: only a
     * leader that is not handing over leadership serves them.
     */
    private ProposalResult.Rejected refuseUnlessLeading() {
        if (role != Role.LEADER) {
            return new ProposalResult.Rejected(ProposalResult.Reason.NOT_LEADER, leaderId);
        }
        if (transferTarget != null) {
            return new ProposalResult.Rejected(ProposalResult.Reason.TRANSFERRING, id);
        }
        return null;
    }

    @Override
    public ProposalResult proposeConfigChange(ConfigChange change) {
        Objects.requireNonNull(change, "change");
        ProposalResult.Rejected refused = refuseUnlessLeading();
        if (refused != null) {
            return refused;
        }
        if (!ownTermCommitted() || log.commitIndex() < configs.currentIndex()) {
            return new ProposalResult.Rejected(ProposalResult.Reason.CHANGE_IN_PROGRESS, id);
        }
        Configuration current = configs.current();
        Configuration next = nextConfiguration(current, change);
        if (next == null) {
            return new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, id);
        }
        long index = log.lastIndex() + 1;
        appendAsLeader(List.of(new Entry(index, term, EntryType.CONFIGURATION, ConfigurationCodec.encode(next))));
        if (change instanceof ConfigChange.AddLearner add && add.promoteWhenCaughtUp()) {
            catchUps.start(add.member().id(), log.lastIndex(), leaderTicks);
        }
        replicator.broadcast();
        return new ProposalResult.Accepted(index, index, term);
    }

    @Override
    public ProposalResult.Rejected promoteWhenCaughtUp(String learnerId) {
        ProposalResult.Rejected refused = refuseUnlessLeading();
        if (refused != null) {
            return refused;
        }
        Configuration cfg = configs.current();
        if (!cfg.contains(learnerId) || cfg.isVoter(learnerId)) {
            return new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, id);
        }
        if (!catchUps.isWatching(learnerId)) {
            catchUps.start(learnerId, log.lastIndex(), leaderTicks);
        }
        return null;
    }

    /** The configuration after {@code change}, or null when the change does not apply. */
    private static Configuration nextConfiguration(Configuration current, ConfigChange change) {
        if (change instanceof ConfigChange.AddLearner add) {
            Member m = Objects.requireNonNull(add.member(), "member");
            return current.contains(m.id()) ? null : current.with(new Member(m.id(), m.address(), false));
        }
        if (change instanceof ConfigChange.Promote promote) {
            Member m = current.member(promote.id()).orElse(null);
            return m == null || m.voter() ? null : current.with(m.asVoter());
        }
        if (change instanceof ConfigChange.Remove remove) {
            if (!current.contains(remove.id())) {
                return null;
            }
            Configuration next = current.without(remove.id());
            return next.voters().isEmpty() ? null : next;
        }
        throw new IllegalArgumentException("unknown change " + change);
    }

    /** Promotes learners added with promotion once they caught up in time. */
    private void checkCatchUps() {
        if (role != Role.LEADER || catchUps.isEmpty()) {
            return;
        }
        List<String> ready = catchUps.caughtUp(peer -> {
            Progress p = replicator.get(peer);
            return p == null ? LearnerCatchUp.UNKNOWN : p.match;
        }, log.lastIndex(), leaderTicks);
        for (String learner : ready) {
            ProposalResult result = proposeConfigChange(new ConfigChange.Promote(learner));
            if (result instanceof ProposalResult.Accepted
                    || (result instanceof ProposalResult.Rejected r && r.reason() == ProposalResult.Reason.INVALID_CHANGE)) {
                catchUps.promoted(learner);
            } else {
                catchUps.deferred(learner, replicator.get(learner).match, leaderTicks);
            }
            if (role != Role.LEADER) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- leadership transfer

    @Override
    public ProposalResult.Rejected transferLeadership(String targetId) {
        ProposalResult.Rejected refused = refuseUnlessLeading();
        if (refused != null) {
            return refused;
        }
        Configuration cfg = configs.current();
        String target = targetId;
        if (target == null) {
            long best = -1;
            for (Progress p : replicator.all()) {
                if (cfg.isVoter(p.id) && p.match > best) {
                    best = p.match;
                    target = p.id;
                }
            }
        }
        if (target == null || target.equals(id) || !cfg.isVoter(target) || replicator.get(target) == null) {
            return new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, id);
        }
        transferTarget = target;
        transferElapsed = 0;
        timeoutNowSent = false;
        Progress p = replicator.get(target);
        maybeSendTimeoutNow(p);
        if (!timeoutNowSent) {
            replicator.sendAppend(p);
        }
        return null;
    }

    private void maybeSendTimeoutNow(Progress p) {
        if (p.id.equals(transferTarget) && !timeoutNowSent && p.match >= log.lastIndex()) {
            timeoutNowSent = true;
            leaseOut = -1;
            messages.add(new Message.TimeoutNow(id, p.id, term));
        }
    }

    private void abortTransfer() {
        transferTarget = null;
        if (timeoutNowSent) {
            // Only rounds sent after the abort may start a new lease.
            lease.startAfter(newestRound);
            timeoutNowSent = false;
        }
    }

    // ---------------------------------------------------------------- storage callbacks

    @Override
    public void skipCommitted(long index) {
        log.skipCommitted(index);
    }

    @Override
    public void persisted(long index, long entryTerm) {
        if (log.persisted(index, entryTerm) && role == Role.LEADER) {
            maybeCommit();
        }
    }

    @Override
    public void compacted(SnapshotMeta snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.index() > log.appliedThrough()) {
            throw new IllegalArgumentException("snapshot at " + snapshot.index()
                    + " is beyond the entries handed out for applying (" + log.appliedThrough() + ")");
        }
        configs.compacted(snapshot);
    }

    // ---------------------------------------------------------------- output

    @Override
    public Ready ready() {
        HardState hardState = null;
        if (term != reportedHardState.term() || !Objects.equals(votedFor, reportedHardState.votedFor())) {
            // the hint rides along for free; worked out only when term or vote must be saved anyway
            hardState = new HardState(term, votedFor, log.durableCommitHint());
            reportedHardState = hardState;
        }
        SoftState ss = new SoftState(role, term, leaderId);
        SoftState softState = ss.equals(reportedSoftState) ? null : ss;
        if (softState != null) {
            reportedSoftState = ss;
        }
        Ready ready = new Ready(hardState, snapshotToInstall, log.takeUnsent(), messages, messagesAfterPersist,
                log.takeCommitted(Long.MAX_VALUE), releasedReads, abortedReads, softState, leaseOut);
        snapshotToInstall = null;
        messages = new ArrayList<>();
        messagesAfterPersist = new ArrayList<>();
        releasedReads = new ArrayList<>();
        abortedReads = new ArrayList<>();
        leaseOut = 0;
        return ready;
    }

    @Override
    public RaftStatus status() {
        List<PeerProgress> peers = new ArrayList<>();
        if (role == Role.LEADER) {
            Configuration cfg = configs.current();
            for (Progress p : replicator.all()) {
                peers.add(p.toPeerProgress(cfg.isVoter(p.id)));
            }
        }
        return new RaftStatus(id, role, term, votedFor, leaderId, log.commitIndex(), log.lastIndex(),
                log.lastTerm(), log.firstIndex(), log.snapshot(), configs.current(), transferTarget,
                List.copyOf(peers));
    }
}
