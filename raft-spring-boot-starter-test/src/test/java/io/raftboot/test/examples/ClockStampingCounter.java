package io.raftboot.test.examples;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberate bug: INCR also records when it ran by the member's own clock, and the snapshot
 * carries it, so replicas drift apart (the fix: {@code CommandContext.timestampMillis()}).
 */
public class ClockStampingCounter extends Counter {
    private final Map<String, Long> lastIncrement = new TreeMap<>();

    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.write("INCR", 2, (command, context) -> {
            lastIncrement.put(command.string(1), System.currentTimeMillis());
            return counts.merge(command.string(1), 1L, Long::sum);
        }));
    }

    @Override
    public SnapshotWriter snapshot() {
        SnapshotWriter counters = super.snapshot();
        Map<String, Long> stamps = new TreeMap<>(lastIncrement);
        return out -> {
            counters.writeTo(out);
            DataOutputStream data = new DataOutputStream(out);
            for (Map.Entry<String, Long> stamp : stamps.entrySet()) {
                data.writeUTF(stamp.getKey() + " last incremented at " + stamp.getValue());
            }
            data.flush();
        };
    }
}
