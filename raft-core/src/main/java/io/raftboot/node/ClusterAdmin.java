package io.raftboot.node;

import io.netty.util.Timer;
import io.raftboot.consensus.ConfigChange;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.ProposalResult;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.consensus.Role;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Membership changes and leadership transfer, as the built-in commands and the API ask for them:
 * propose on the raft thread, then poll the engine's status until the change is committed (or the
 * transfer happened) or the time is up.
 */
public final class ClusterAdmin {
    private final RaftLoop raft;
    private final Timer timer;
    private final long pollMillis;

    ClusterAdmin(RaftLoop raft, Timer timer, long pollMillis) {
        this.raft = raft;
        this.timer = timer;
        this.pollMillis = Math.max(5, pollMillis);
    }

    /** Why a change was refused, as the command answers it. */
    public static final class ChangeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ChangeRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** The wait ran out; the change may still complete. */
    public static final class ChangeTimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ChangeTimedOut(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Adds a learner that the leader promotes once caught up; completes once it is a voter in the
     * committed configuration. An id already configured is refused, except a learner at the same
     * address (a join asked again while it catches up, perhaps of a new leader), which is watched
     * and waited on.
     */
    public CompletableFuture<Void> addMember(String id, String address, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return raft.call(engine -> {
            Configuration current = engine.status().configuration();
            Optional<Member> existing = current.member(id);
            if (existing.isPresent() && (existing.get().voter() || !existing.get().address().equals(address))) {
                // a voter under this id may have voted in terms a wiped successor would not remember
                throw new ChangeRefused("ERR member id '" + id + "' is already configured (" + existing.get().address()
                        + (existing.get().voter() ? ", voter" : ", learner") + "): remove it first or use a new id");
            }
            for (Member m : current.members()) {
                if (m.address().equals(address) && !m.id().equals(id)) {
                    throw new ChangeRefused("ERR address " + address + " is already used by member '" + m.id() + "'");
                }
            }
            if (existing.isPresent()) {
                // added under an earlier leader, whose catch-up watch ended with its leadership
                ProposalResult.Rejected rejected = engine.promoteWhenCaughtUp(id);
                if (rejected != null && rejected.reason() == ProposalResult.Reason.NOT_LEADER) {
                    throw new NotLeaderException(rejected.leaderId(), raft.leaderAddress());
                }
            }
            return existing.isPresent();
        }).thenCompose(present -> present ? CompletableFuture.completedFuture(null)
                : propose(new ConfigChange.AddLearner(new Member(id, address, false), true), deadline))
                .thenCompose(ignored -> awaitCommitted(s -> s.configuration().isVoter(id), deadline,
                        "TIMEOUT not caught up"));
    }

    /** Removes a member by id or address; completes once the removal is committed. */
    public CompletableFuture<Void> removeMember(String idOrAddress, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return raft.call(engine -> resolveId(engine.status().configuration(), idOrAddress))
                .thenCompose(id -> propose(new ConfigChange.Remove(id), deadline)
                        .thenCompose(ignored -> awaitCommitted(s -> !s.configuration().contains(id), deadline,
                                "TIMEOUT outcome unknown")));
    }

    /** Hands leadership over; completes once this member is no longer the leader. */
    public CompletableFuture<Void> transfer(String idOrAddress, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return raft.call(engine -> {
            String target = idOrAddress == null ? null : resolveId(engine.status().configuration(), idOrAddress);
            ProposalResult.Rejected rejected = engine.transferLeadership(target);
            if (rejected != null) {
                throw rejected.reason() == ProposalResult.Reason.NOT_LEADER
                        ? new NotLeaderException(rejected.leaderId(), raft.leaderAddress())
                        : new ChangeRefused("ERR leadership transfer refused: " + rejected.reason());
            }
            return target;
        }).thenCompose(target -> poll(s -> s.role() != Role.LEADER && s.leaderId() != null, deadline,
                "TIMEOUT leadership transfer did not complete"));
    }

    static String resolveId(Configuration configuration, String idOrAddress) {
        for (Member m : configuration.members()) {
            if (m.id().equals(idOrAddress) || m.address().equals(idOrAddress)) {
                return m.id();
            }
        }
        throw new ChangeRefused("ERR unknown member '" + idOrAddress + "'");
    }

    private CompletableFuture<Void> propose(ConfigChange change, long deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(change, deadline, done);
        return done;
    }

    private void attempt(ConfigChange change, long deadline, CompletableFuture<Void> done) {
        raft.call(engine -> engine.proposeConfigChange(change)).whenComplete((result, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (result instanceof ProposalResult.Accepted) {
                done.complete(null);
            } else if (result instanceof ProposalResult.Rejected rejected) {
                switch (rejected.reason()) {
                    case NOT_LEADER -> done.completeExceptionally(
                            new NotLeaderException(rejected.leaderId(), raft.leaderAddress()));
                    case INVALID_CHANGE -> done.completeExceptionally(
                            new ChangeRefused("ERR invalid membership change " + describe(change)));
                    default -> {
                        // another change or the leader's first commit is pending: try again shortly
                        if (System.nanoTime() - deadline >= 0) {
                            done.completeExceptionally(new ChangeTimedOut("TIMEOUT another change is in progress"));
                        } else {
                            timer.newTimeout(t -> attempt(change, deadline, done), pollMillis, TimeUnit.MILLISECONDS);
                        }
                    }
                }
            }
        });
    }

    private static String describe(ConfigChange change) {
        if (change instanceof ConfigChange.AddLearner add) {
            return "add " + add.member().id() + "@" + add.member().address();
        }
        if (change instanceof ConfigChange.Remove remove) {
            return "remove " + remove.id();
        }
        return change.toString();
    }

    /** Waits until {@code condition} holds in a configuration whose entry is committed. */
    private CompletableFuture<Void> awaitCommitted(Predicate<RaftStatus> condition, long deadline, String timeoutReply) {
        long[] since = {-1};
        return poll(status -> {
            if (condition.test(status)) {
                if (since[0] < 0) {
                    since[0] = status.lastIndex(); // the configuration entry is at or below this
                }
                if (status.commitIndex() >= since[0]) {
                    // any member's commit index is the truth: also a leader that removed itself and
                    // stepped down once its removal committed
                    return true;
                }
            } else {
                since[0] = -1;
            }
            if (status.role() != Role.LEADER) {
                throw new NotLeaderException(status.leaderId(), raft.leaderAddress());
            }
            return false;
        }, deadline, timeoutReply);
    }

    private CompletableFuture<Void> poll(Function<RaftStatus, Boolean> done, long deadline, String timeoutReply) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        check(done, deadline, timeoutReply, result);
        return result;
    }

    private void check(Function<RaftStatus, Boolean> done, long deadline, String timeoutReply,
                       CompletableFuture<Void> result) {
        raft.call(engine -> done.apply(engine.status())).whenComplete((ok, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (ok) {
                result.complete(null);
            } else if (System.nanoTime() - deadline >= 0) {
                result.completeExceptionally(new ChangeTimedOut(timeoutReply));
            } else {
                timer.newTimeout(t -> check(done, deadline, timeoutReply, result), pollMillis, TimeUnit.MILLISECONDS);
            }
        });
    }
}
