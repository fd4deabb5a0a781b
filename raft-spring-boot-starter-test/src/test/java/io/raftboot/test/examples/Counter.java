package io.raftboot.test.examples;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Named counters: INCR key (a logged write, replies the new value) and GET key. */
public class Counter implements StateMachine {
    /** Sorted, so that a snapshot's bytes depend on the counts only. */
    protected Map<String, Long> counts = new TreeMap<>();

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                CommandSpec.write("INCR", 2, (command, context) -> counts.merge(command.string(1), 1L, Long::sum)),
                CommandSpec.read("GET", 2, command -> {
                    Long value = counts.get(command.string(1));
                    return value == null ? null : value.toString();
                }));
    }

    /** The counts now: for tests, once the member applied what they waited for (no write runs meanwhile). */
    public Map<String, Long> snapshotOf() {
        return Map.copyOf(counts);
    }

    @Override
    public SnapshotWriter snapshot() {
        return CountsFormat.writer(counts);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        counts = CountsFormat.read(in);
    }
}
