package io.raftboot.spring.boot.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.raftboot.spring.boot.autoconfigure.RaftDataDirectoryException;

/** Explains a data directory the node cannot use. */
class RaftDataDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<RaftDataDirectoryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RaftDataDirectoryException cause) {
        return new FailureAnalysis(
                "The Raft data directory " + cause.getDirectory().toAbsolutePath() + " " + cause.getReason() + ".",
                "Point raft.data-dir at a directory this process can create and write, and that no other "
                        + "running node uses (each node locks its own data directory).",
                cause);
    }
}
