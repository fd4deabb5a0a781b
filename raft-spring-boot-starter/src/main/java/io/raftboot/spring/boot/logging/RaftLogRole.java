package io.raftboot.spring.boot.logging;

import io.raftboot.api.NodeRole;

/**
 * This process's Raft role as one character for log lines, the way Redis marks its own
 * ({@code M} master, {@code S} replica): {@code M} leader, {@code S} follower, {@code C} candidate,
 * {@code L} learner (a replica without a vote), {@code -} not running. One node per application:
 * with several nodes in one JVM, the last role change wins.
 */
public final class RaftLogRole {
    private static volatile char current = '-';

    private RaftLogRole() {
    }

    public static char current() {
        return current;
    }

    public static void set(NodeRole role) {
        current = symbol(role);
    }

    public static char symbol(NodeRole role) {
        if (role == null) {
            return '-';
        }
        return switch (role) {
            case LEADER -> 'M';
            case FOLLOWER -> 'S';
            case CANDIDATE -> 'C';
            case LEARNER -> 'L';
            case SHUTDOWN -> '-';
        };
    }
}
