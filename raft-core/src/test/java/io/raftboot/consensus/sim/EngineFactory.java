package io.raftboot.consensus.sim;

import io.raftboot.consensus.HardState;
import io.raftboot.consensus.LogView;
import io.raftboot.consensus.RaftConfig;
import io.raftboot.consensus.RaftEngine;
import java.util.random.RandomGenerator;

/** Builds the engine a simulated node runs; tests wrap the real one to prove the checks can fail. */
@FunctionalInterface
public interface EngineFactory {
    RaftEngine open(RaftConfig config, LogView log, HardState hardState, RandomGenerator random);

    static EngineFactory real() {
        return RaftEngine::open;
    }
}
