package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.statemachine.MultipleRaftStateMachinesException;

/** Explains a start-up with more than one {@code @RaftStateMachine} bean. */
class MultipleRaftStateMachinesFailureAnalyzer extends AbstractFailureAnalyzer<MultipleRaftStateMachinesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MultipleRaftStateMachinesException cause) {
        return new FailureAnalysis(
                "A Raft node replicates exactly one state machine, but " + cause.getBeanNames().size()
                        + " beans are annotated with @RaftStateMachine: " + String.join(", ", cause.getBeanNames()) + ".",
                "Merge them into one @RaftStateMachine bean (its commands may delegate to other beans), "
                        + "or remove the annotation from all but one.",
                cause);
    }
}
