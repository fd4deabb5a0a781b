package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.autoconfigure.RaftPortInUseException;

/** Explains a RESP port that another process already holds. */
class RaftPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<RaftPortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RaftPortInUseException cause) {
        return new FailureAnalysis(
                "The Raft node could not listen on " + cause.getHost() + ":" + cause.getPort()
                        + ": the port is already in use.",
                "Stop the process that listens on port " + cause.getPort() + ", or set raft.port to another port "
                        + "(raft.port=0 picks a free one and publishes it as local.raft.port).",
                cause);
    }
}
