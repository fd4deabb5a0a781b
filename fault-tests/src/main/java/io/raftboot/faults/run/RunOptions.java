package io.raftboot.faults.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Parameters of one fault run.
 *
 * @param seed        drives the nemesis's and the clients' choices
 * @param duration    how long faults are applied (the workload runs a little longer, healed)
 * @param faults      the fault mix
 * @param nodes       cluster size
 * @param consistency {@code raft.consistency}
 * @param clients     concurrent clients
 * @param registers   register keys (GET/SET)
 * @param counters    counter keys (INCR/GET)
 * @param pinnedReaders read-only clients pinned to one member each, never redirected (reads are
 *                    served where they land: at {@code low} this shows stale reads)
 * @param jar         the sample app
 * @param workDir     data dirs, logs and the history file go here
 */
public record RunOptions(long seed, Duration duration, List<Fault> faults, int nodes, String consistency, int clients,
                         int registers, int counters, int pinnedReaders, Path jar, Path workDir) {

    public RunOptions {
        faults = List.copyOf(faults);
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + clients);
        }
    }
}
