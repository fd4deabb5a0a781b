package io.raftboot.consensus;

/** Volatile state that observers care about; reported in a {@link Ready} when it changes. */
public record SoftState(Role role, long term, String leaderId) {
}
