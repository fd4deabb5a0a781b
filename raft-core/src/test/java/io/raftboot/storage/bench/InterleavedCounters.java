package io.raftboot.storage.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time spent in each half of {@link InterleavedAppendBenchmark}, and entries written by each. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class InterleavedCounters {
    public long rawNanos;
    public long logNanos;
    public long entriesEach;

    @Setup(Level.Iteration)
    public void clear() {
        rawNanos = 0;
        logNanos = 0;
        entriesEach = 0;
    }
}
