package io.raftboot.consensus;

import java.util.Objects;

/**
 * Tunables of one consensus instance, in ticks and bytes (consensus has no clock).
 *
 * @param id                    this member's id
 * @param electionTicks         T: each election timeout is drawn from [T, 2T)
 * @param heartbeatTicks        leader heartbeat period, well below T
 * @param maxAppendBytes        payload bytes in one AppendRequest (at least one entry is always sent)
 * @param maxInflightAppends    AppendRequests sent to one follower and not yet acknowledged
 * @param maxInflightBytes      entry bytes sent to one follower and not yet acknowledged
 * @param maxUncommittedBytes   entry bytes the leader accepted but has not committed; beyond it,
 *                              proposals are refused as overloaded and the runtime holds them back
 */
public record RaftConfig(String id, int electionTicks, int heartbeatTicks, long maxAppendBytes,
                         int maxInflightAppends, long maxInflightBytes, long maxUncommittedBytes) {

    public RaftConfig {
        Objects.requireNonNull(id, "id");
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, got "
                    + heartbeatTicks + " and " + electionTicks);
        }
        if (maxAppendBytes < 1 || maxInflightAppends < 1 || maxInflightBytes < maxAppendBytes
                || maxUncommittedBytes < maxAppendBytes) {
            throw new IllegalArgumentException("byte and in-flight limits must be positive and "
                    + "maxInflightBytes, maxUncommittedBytes >= maxAppendBytes");
        }
    }

    /** Defaults: 10 election ticks, 1 heartbeat tick, 1 MiB appends, 64 in flight, 16 MiB window, 64 MiB uncommitted. */
    public static RaftConfig defaults(String id) {
        return new RaftConfig(id, 10, 1, 1 << 20, 64, 16L << 20, 64L << 20);
    }
}
