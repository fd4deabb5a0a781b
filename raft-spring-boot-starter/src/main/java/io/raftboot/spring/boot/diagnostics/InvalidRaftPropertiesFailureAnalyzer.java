package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.autoconfigure.InvalidRaftPropertiesException;

/** Explains {@code raft.*} values that bound but do not make a valid configuration. */
class InvalidRaftPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRaftPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRaftPropertiesException cause) {
        return new FailureAnalysis(
                "Invalid Raft configuration: " + cause.getMessage() + ".",
                "Update the raft.* properties of your application (application.yml, application.properties "
                        + "or the command line).",
                cause);
    }
}
