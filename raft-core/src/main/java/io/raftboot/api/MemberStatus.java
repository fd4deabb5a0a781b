package io.raftboot.api;

/**
 * One member as this node sees it.
 *
 * @param matchIndex       highest log index known replicated on it (leader's view; -1 elsewhere)
 * @param lastContactMillis milliseconds since this node last heard from it, -1 when never or unknown
 * @param state            its role as last heard ({@code Leader}, {@code Follower}, {@code Learner}, ...),
 *                         or {@code Unreachable}
 */
public record MemberStatus(String id, String address, boolean voter, long matchIndex, long lastContactMillis,
                           String state) {
}
