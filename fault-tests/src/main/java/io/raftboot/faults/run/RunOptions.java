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
 * @param hashFields  hash fields (HSET/HGET), two to a hash, each checked as a register
 * @param pinnedReaders read-only clients pinned to one member each, never redirected (reads are
 *                    served where they land: at {@code low} this shows stale reads)
 * @param snapshotEvery {@code raft.snapshot.threshold} (with a quarter of it as trailing entries, no
 *                    log-size ratio and a check every 100ms, so that a snapshot really follows every
 *                    that many entries), small to make lagging members catch up by InstallSnapshot;
 *                    0 keeps the defaults
 * @param jar         the sample app
 * @param workDir     data dirs, logs and the history file go here
 */
public record RunOptions(long seed, Duration duration, List<Fault> faults, int nodes, String consistency, int clients,
                         int registers, int counters, int hashFields, int pinnedReaders, int snapshotEvery, Path jar,
                         Path workDir) {

    public RunOptions {
        faults = List.copyOf(faults);
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1: " + nodes);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshot-every must be 0 (defaults) or positive: " + snapshotEvery);
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + clients);
        }
    }

    /** Extra member arguments for {@link #snapshotEvery()}. */
    public List<String> memberArguments() {
        if (snapshotEvery == 0) {
            return List.of();
        }
        return List.of("--raft.snapshot.threshold=" + snapshotEvery,
                "--raft.snapshot.trailing-entries=" + Math.max(1, snapshotEvery / 4),
                "--raft.snapshot.log-size-ratio=0", "--raft.snapshot.interval=100ms");
    }
}
