package io.raftboot.consensus.sim;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state machine of one simulated node: a map of counters, plus what a snapshot must
 * record (applied index and term, configuration in force at that index).
 */
final class KvStore {
    private final TreeMap<String, Long> values;
    private long appliedIndex;
    private long appliedTerm;
    private Configuration configuration;

    private KvStore(TreeMap<String, Long> values, long appliedIndex, long appliedTerm, Configuration configuration) {
        this.values = values;
        this.appliedIndex = appliedIndex;
        this.appliedTerm = appliedTerm;
        this.configuration = configuration;
    }

    static KvStore restore(SnapshotData snapshot) {
        return new KvStore(new TreeMap<>(snapshot.values()), snapshot.meta().index(), snapshot.meta().term(),
                snapshot.meta().configuration());
    }

    /** Applies the next committed entry; returns the command's result (0 for non-commands). */
    long apply(Entry entry) {
        if (entry.index() != appliedIndex + 1) {
            throw new SimulationFailure.Violation("apply-order",
                    "entry " + entry.index() + " applied after " + appliedIndex + " (entries must be applied in order, once)");
        }
        appliedIndex = entry.index();
        appliedTerm = entry.term();
        if (entry.type() == EntryType.CONFIGURATION) {
            configuration = ConfigurationCodec.decode(entry.data());
            return 0;
        }
        if (entry.type() != EntryType.COMMAND) {
            return 0;
        }
        KvCommand command = KvCommand.decode(entry.data());
        return switch (command.kind()) {
            case PUT -> {
                values.put(command.key(), command.value());
                yield command.value();
            }
            case INCR -> {
                long next = get(command.key()) + 1;
                values.put(command.key(), next);
                yield next;
            }
            case GET, PROBE -> 0;
        };
    }

    long get(String key) {
        return values.getOrDefault(key, 0L);
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long appliedTerm() {
        return appliedTerm;
    }

    SnapshotData snapshot() {
        return new SnapshotData(new io.raftboot.consensus.SnapshotMeta(appliedIndex, appliedTerm, configuration),
                Map.copyOf(values));
    }
}
