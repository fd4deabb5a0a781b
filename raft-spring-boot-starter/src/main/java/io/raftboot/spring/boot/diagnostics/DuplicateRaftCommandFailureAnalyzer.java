package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.statemachine.DuplicateRaftCommandException;

/** Explains two handler methods for one command name. */
class DuplicateRaftCommandFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateRaftCommandException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DuplicateRaftCommandException cause) {
        return new FailureAnalysis(
                "Command '" + cause.getCommandName() + "' is handled by two methods: " + cause.getFirstHandler()
                        + " and " + cause.getSecondHandler() + ". Command names are case-insensitive.",
                "Give each @WriteCommand/@ReadCommand method its own command name.",
                cause);
    }
}
