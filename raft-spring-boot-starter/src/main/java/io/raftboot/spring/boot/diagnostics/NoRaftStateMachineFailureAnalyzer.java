package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.statemachine.NoRaftStateMachineException;

/** Explains a start-up without any {@code @RaftStateMachine} bean. */
class NoRaftStateMachineFailureAnalyzer extends AbstractFailureAnalyzer<NoRaftStateMachineException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoRaftStateMachineException cause) {
        return new FailureAnalysis(
                "Raft is enabled but no bean is annotated with @RaftStateMachine, so this node has no state to replicate.",
                "Annotate the class that holds your replicated state with @RaftStateMachine and give it "
                        + "@WriteCommand/@ReadCommand methods plus a @Snapshot and a @Restore method, "
                        + "or set raft.enabled=false.",
                cause);
    }
}
