package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.statemachine.InvalidRaftHandlerException;

/** Explains a {@code @RaftStateMachine} method that cannot serve as a handler. */
class InvalidRaftHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRaftHandlerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRaftHandlerException cause) {
        return new FailureAnalysis(
                "The @RaftStateMachine handler " + cause.getHandler() + " cannot be used: " + cause.getProblem() + ".",
                "Change the method so that it fits the programming model: command parameters bind by position "
                        + "from byte[], String, long, int, double or boolean, with an optional trailing String..., "
                        + "byte[]..., List<String> or List<byte[]>, and a CommandContext or Command anywhere; a "
                        + "@Snapshot method takes nothing and returns a SnapshotWriter or byte[]; a @Restore method "
                        + "takes one InputStream or byte[].",
                cause);
    }
}
