package io.raftboot.storage.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Makes JMH report entries per second beside operations (batches) per second. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EntryCounter {
    public long entries;

    @Setup(Level.Iteration)
    public void clear() {
        entries = 0;
    }
}
