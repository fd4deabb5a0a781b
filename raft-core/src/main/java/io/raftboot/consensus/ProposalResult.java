package io.raftboot.consensus;

/** The engine's immediate answer to a proposal. */
public sealed interface ProposalResult {

    /** Appended to the leader's log as entries [firstIndex, lastIndex] of {@code term}. */
    record Accepted(long firstIndex, long lastIndex, long term) implements ProposalResult {
    }

    /** Never reached the log; {@code leaderId} is the known leader or null. */
    record Rejected(Reason reason, String leaderId) implements ProposalResult {
    }

    enum Reason {
        /** This member is not the leader; {@code leaderId} says who is, if known. */
        NOT_LEADER,
        /** A leadership transfer is under way; proposals resume if it is aborted. */
        TRANSFERRING,
        /** Too many bytes accepted and not yet committed: hold the proposal and retry later. */
        OVERLOADED,
        /** A configuration change is still uncommitted, or no entry of this term has committed yet. */
        CHANGE_IN_PROGRESS,
        /** The change names a member that is not (or already is) in the configuration. */
        INVALID_CHANGE
    }
}
