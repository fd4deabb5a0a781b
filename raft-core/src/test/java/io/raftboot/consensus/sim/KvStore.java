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
final class KvStore implements SimStateMachine {
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

    @SuppressWarnings("unchecked")
    static KvStore restore(SnapshotData snapshot) {
        Map<String, Long> values = snapshot.content() == null ? Map.of() : (Map<String, Long>) snapshot.content();
        return new KvStore(new TreeMap<>(values), snapshot.meta().index(), snapshot.meta().term(),
                snapshot.meta().configuration());
    }

    /** Applies the next committed entry; returns the command's result (0 for non-commands). */
    @Override
    public Object apply(Entry entry, boolean local) {
        if (entry.index() != appliedIndex + 1) {
            throw new SimulationFailure.Violation("apply-order",
                    "entry " + entry.index() + " applied after " + appliedIndex + " (entries must be applied in order, once)");
        }
        appliedIndex = entry.index();
        appliedTerm = entry.term();
        if (entry.type() == EntryType.CONFIGURATION) {
            configuration = ConfigurationCodec.decode(entry.data());
            return 0L;
        }
        if (entry.type() != EntryType.COMMAND) {
            return 0L;
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
            case GET, PROBE -> 0L;
            case COMMAND -> throw new IllegalArgumentException("not a key-value command: " + command);
        };
    }

    @Override
    public Object read(History.Op op, long localMillis) {
        return get(op.key);
    }

    long get(String key) {
        return values.getOrDefault(key, 0L);
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public long appliedTerm() {
        return appliedTerm;
    }

    @Override
    public SnapshotData snapshot() {
        return new SnapshotData(new io.raftboot.consensus.SnapshotMeta(appliedIndex, appliedTerm, configuration),
                Map.copyOf(values));
    }
}
