package io.raftboot.consensus;

public enum Role {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
