package io.raftboot.spring.boot.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftNode;

/**
 * {@code /actuator/raft}: this member's view of the cluster. Reading is allowed by default; the
 * write operations ({@code POST /actuator/raft/snapshot}, {@code POST /actuator/raft/transfer-leadership}
 * with an optional {@code target} member id) need {@code management.endpoint.raft.access=unrestricted}.
 */
@Endpoint(id = "raft", defaultAccess = Access.READ_ONLY)
public class RaftEndpoint {

    static final String SNAPSHOT = "snapshot";
    static final String TRANSFER_LEADERSHIP = "transfer-leadership";

    private final RaftNode node;
    private final Duration timeout;

    /**
     * @param timeout how long a write operation waits for the node to finish it
     */
    public RaftEndpoint(RaftNode node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    @ReadOperation
    public RaftDescriptor raft() {
        return RaftDescriptor.of(node.status());
    }

    @WriteOperation
    public Map<String, Object> operate(@Selector String operation, @Nullable String target) {
        if (SNAPSHOT.equals(operation)) {
            await(node.snapshot(), SNAPSHOT);
            NodeStatus status = node.status();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("lastSnapshotIndex", status.lastSnapshotIndex());
            result.put("lastSnapshotTerm", status.lastSnapshotTerm());
            return result;
        }
        if (TRANSFER_LEADERSHIP.equals(operation)) {
            await(node.transferLeadership(target), TRANSFER_LEADERSHIP);
            NodeStatus status = node.status();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("leaderId", status.leaderId());
            result.put("leaderAddress", status.leaderAddress());
            result.put("term", status.term());
            return result;
        }
        throw new InvalidEndpointRequestException("Unknown raft operation '" + operation + "'",
                "unknown operation '" + operation + "': use " + SNAPSHOT + " or " + TRANSFER_LEADERSHIP);
    }

    private void await(CompletableFuture<Void> operation, String name) {
        try {
            operation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : String.valueOf(e.getCause());
            throw new InvalidEndpointRequestException(name + " failed: " + reason, name + " failed: " + reason);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " did not complete within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        }
    }

    /** The JSON of {@code GET /actuator/raft}. */
    public record RaftDescriptor(String nodeId, String clusterId, String role, long term, String leaderId,
                                 String leaderAddress, long commitIndex, long appliedIndex, long lastLogIndex,
                                 long lastLogTerm, long lastSnapshotIndex, long lastSnapshotTerm, String durability,
                                 String consistency, List<MemberDescriptor> members) implements OperationResponseBody {

        static RaftDescriptor of(NodeStatus status) {
            return new RaftDescriptor(status.id(), status.clusterId(), status.role().display(), status.term(),
                    status.leaderId(), status.leaderAddress(), status.commitIndex(), status.appliedIndex(),
                    status.lastLogIndex(), status.lastLogTerm(), status.lastSnapshotIndex(), status.lastSnapshotTerm(),
                    lower(status.durability()), lower(status.consistency()),
                    status.members().stream().map(MemberDescriptor::of).toList());
        }

        private static String lower(Enum<?> value) {
            return value == null ? null : value.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One member as this node sees it.
     *
     * @param voter             true for a voter, false for a learner
     * @param matchIndex        highest index known replicated on it (leader's view), -1 when unknown
     * @param lastContactMillis milliseconds since this node last heard from it, -1 when never or unknown
     * @param state             its role as last heard, or {@code Unreachable}
     */
    public record MemberDescriptor(String id, String address, boolean voter, long matchIndex,
                                   long lastContactMillis, String state) {

        static MemberDescriptor of(MemberStatus member) {
            return new MemberDescriptor(member.id(), member.address(), member.voter(), member.matchIndex(),
                    member.lastContactMillis(), member.state());
        }
    }
}
