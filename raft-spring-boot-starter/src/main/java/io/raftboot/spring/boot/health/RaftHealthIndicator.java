package io.raftboot.spring.boot.health;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftNode;

/**
 * Health contributor {@code raft}: {@code UP} when this member can serve, that is a leader is known
 * and this member is caught up (a leader: its first entry of its term committed and a quorum of
 * voters heard within the election timeout; any other member: heard from the leader within the election timeout and applied what it knows to be
 * committed, give or take {@value #APPLY_LAG_TOLERANCE} entries). Otherwise {@code DOWN}, with role,
 * term and leader as details. Meant for the readiness group only: a member that cannot serve for a
 * while must not be restarted for it.
 */
public class RaftHealthIndicator implements HealthIndicator {

    /**
     * Committed entries a member may still have to apply and count as caught up: a busy follower is
     * always slightly behind; one replaying a log or installing a snapshot is far behind.
     */
    public static final long APPLY_LAG_TOLERANCE = 1024;

    private final RaftNode node;
    private final Duration electionTimeout;

    public RaftHealthIndicator(RaftNode node, Duration electionTimeout) {
        this.node = node;
        this.electionTimeout = electionTimeout;
    }

    @Override
    public Health health() {
        NodeStatus status;
        try {
            status = node.status();
        } catch (IllegalStateException e) {
            return Health.down().withDetail("role", NodeRole.SHUTDOWN.display())
                    .withDetail("reason", String.valueOf(e.getMessage())).build();
        }
        String problem = problem(status);
        Health.Builder builder = problem == null ? Health.up() : Health.down().withDetail("reason", problem);
        builder.withDetail("role", status.role().display()).withDetail("term", status.term());
        if (status.leaderId() != null) {
            builder.withDetail("leaderId", status.leaderId());
        }
        if (status.leaderAddress() != null) {
            builder.withDetail("leaderAddress", status.leaderAddress());
        }
        return builder.withDetail("commitIndex", status.commitIndex())
                .withDetail("appliedIndex", status.appliedIndex())
                .build();
    }

    /** Why this member cannot serve, or null when it can. */
    private String problem(NodeStatus status) {
        if (status.role() == NodeRole.SHUTDOWN) {
            return "node is shut down";
        }
        if (status.leaderId() == null) {
            return "no leader known";
        }
        if (status.isLeader()) {
            if (!status.leaderReady()) {
                // until then it knows neither the commit index nor whether it may serve reads
                return "new leader has not committed an entry of its term yet";
            }
            return hearsQuorum(status) ? null : "leader has not heard from a quorum within the election timeout";
        }
        MemberStatus leader = member(status, status.leaderId());
        if (leader != null && leader.lastContactMillis() > electionTimeout.toMillis()) {
            return "not heard from the leader for " + leader.lastContactMillis() + "ms";
        }
        long behind = status.commitIndex() - status.appliedIndex();
        return behind > APPLY_LAG_TOLERANCE ? behind + " committed entries not applied yet" : null;
    }

    private boolean hearsQuorum(NodeStatus status) {
        int voters = 0;
        int heard = 0;
        for (MemberStatus member : status.members()) {
            if (!member.voter()) {
                continue;
            }
            voters++;
            boolean self = member.id().equals(status.id());
            if (self || (member.lastContactMillis() >= 0 && member.lastContactMillis() <= electionTimeout.toMillis())) {
                heard++;
            }
        }
        return heard >= voters / 2 + 1;
    }

    private static MemberStatus member(NodeStatus status, String id) {
        for (MemberStatus member : status.members()) {
            if (member.id().equals(id)) {
                return member;
            }
        }
        return null;
    }
}
