package io.raftboot.spring.boot.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import io.raftboot.api.CommandContext;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;

/** A small annotated state machine: named counters. */
@RaftStateMachine
public class CounterStateMachine {

    private final Map<String, Long> counters = new HashMap<>();
    private volatile long lastIndex;

    @WriteCommand("INCRBY")
    public long incrementBy(String name, long delta, CommandContext context) {
        lastIndex = context.index();
        return counters.merge(name, delta, Long::sum);
    }

    @ReadCommand("COUNTER")
    public Long counter(String name) {
        return counters.get(name);
    }

    /** Log index of the last write applied here (read from the test thread, hence volatile). */
    public long lastIndex() {
        return lastIndex;
    }

    @Snapshot
    public SnapshotWriter snapshot() {
        Map<String, Long> copy = new HashMap<>(counters);
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(copy.size());
            for (Map.Entry<String, Long> entry : copy.entrySet()) {
                data.writeUTF(entry.getKey());
                data.writeLong(entry.getValue());
            }
            data.flush();
        };
    }

    @Restore
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        counters.clear();
        int size = data.readInt();
        for (int i = 0; i < size; i++) {
            counters.put(data.readUTF(), data.readLong());
        }
    }
}
