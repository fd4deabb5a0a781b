package io.raftboot.node;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadline of a write answers by where the write stands, never "unknown" for one that missed the log. */
class PendingWriteTest {
    private final PendingWrite write = new PendingWrite(1, new byte[0], new CompletableFuture<>());

    @Test
    void aWriteStillHeldAtItsDeadlineExpiresAndIsNeverProposed() {
        assertThat(write.deadline()).isEqualTo(PendingWrite.Stage.EXPIRED);
        assertThat(write.startProposing()).isFalse();
    }

    @Test
    void aDeadlineDuringARefusedProposalLeavesTheAnswerToTheRaftThreadWhichExpiresIt() {
        assertThat(write.startProposing()).isTrue();
        assertThat(write.deadline()).isEqualTo(PendingWrite.Stage.PROPOSING);
        assertThat(write.heldAgain()).as("the raft thread answers: never reached the log").isTrue();
        assertThat(write.startProposing()).isFalse();
    }

    @Test
    void aDeadlineDuringAnAcceptedProposalMakesTheOutcomeUnknown() {
        assertThat(write.startProposing()).isTrue();
        assertThat(write.deadline()).isEqualTo(PendingWrite.Stage.PROPOSING);
        assertThat(write.enteredLog()).as("the raft thread answers: outcome unknown").isTrue();
    }

    @Test
    void aDeadlineAfterTheWriteEnteredTheLogIsAnUnknownOutcome() {
        assertThat(write.startProposing()).isTrue();
        assertThat(write.enteredLog()).isFalse();
        assertThat(write.deadline()).isEqualTo(PendingWrite.Stage.IN_LOG);
    }

    @Test
    void aRefusedProposalBeforeTheDeadlineIsHeldAndExpiresLater() {
        assertThat(write.startProposing()).isTrue();
        assertThat(write.heldAgain()).isFalse();
        assertThat(write.deadline()).isEqualTo(PendingWrite.Stage.EXPIRED);
    }
}
