package io.raftboot.api;

/** A member's role as clients see it ({@code RAFTSTATE}). */
public enum NodeRole {
    LEADER("Leader"), FOLLOWER("Follower"), CANDIDATE("Candidate"), LEARNER("Learner"), SHUTDOWN("Shutdown");

    private final String display;

    NodeRole(String display) {
        this.display = display;
    }

    /** The name Finn's {@code RAFTSTATE} answers, e.g. {@code Leader}. */
    public String display() {
        return display;
    }
}
