package io.raftboot.test.sim;

import io.raftboot.api.Command;
import java.util.random.RandomGenerator;

/**
 * What the simulated clients send: each client draws its next command from its own random source,
 * which the seed fixes, so a seed replays the same commands. The first argument after the name is
 * the key the linearizability model checks, the next one its input (as {@code INCRBY key 5}).
 */
@FunctionalInterface
public interface Workload {
    Command next(RandomGenerator random);
}
