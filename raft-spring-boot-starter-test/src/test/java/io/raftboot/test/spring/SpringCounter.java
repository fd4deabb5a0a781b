package io.raftboot.test.spring;

import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

/** Named counters as an annotated bean: INCR (logged) and GET. */
@RaftStateMachine
public class SpringCounter {
    private Map<String, Long> counts = new TreeMap<>();

    @WriteCommand("INCR")
    public long incr(String key) {
        return counts.merge(key, 1L, Long::sum);
    }

    @ReadCommand("GET")
    public String get(String key) {
        Long value = counts.get(key);
        return value == null ? null : value.toString();
    }

    /** For tests, once the member applied what they waited for. */
    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }

    @Snapshot
    public SnapshotWriter snapshot() {
        Map<String, Long> view = new TreeMap<>(counts);
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(view.size());
            for (Map.Entry<String, Long> entry : view.entrySet()) {
                data.writeUTF(entry.getKey());
                data.writeLong(entry.getValue());
            }
            data.flush();
        };
    }

    @Restore
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Map<String, Long> restored = new TreeMap<>();
        for (int i = data.readInt(); i > 0; i--) {
            restored.put(data.readUTF(), data.readLong());
        }
        counts = restored;
    }
}
