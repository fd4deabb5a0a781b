package io.raftboot.test.spring;

import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import io.raftboot.test.examples.CountsFormat;
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
        return CountsFormat.writer(counts);
    }

    @Restore
    public void restore(InputStream in) throws IOException {
        counts = CountsFormat.read(in);
    }
}
