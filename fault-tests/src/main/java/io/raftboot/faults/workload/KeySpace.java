package io.raftboot.faults.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The keys a workload touches, named apart: registers (GET/SET), counters (INCR/GET) and hash
 * fields (HGET/HSET, two fields per hash). A hash field's history key is {@code <hash key>#<field>}:
 * the history checks each field as a register of its own.
 */
public final class KeySpace {
    private static final String REGISTER = "reg-";
    private static final String COUNTER = "ctr-";
    private static final String HASH = "hsh-";
    private static final char FIELD_SEPARATOR = '#';
    private static final int FIELDS_PER_HASH = 2;
    private final List<String> keys;

    public KeySpace(String prefix, int registers, int counters, int hashFields) {
        if (registers < 0 || counters < 0 || hashFields < 0 || registers + counters + hashFields == 0) {
            throw new IllegalArgumentException("need at least one key: registers=" + registers + " counters=" + counters
                    + " hash fields=" + hashFields);
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < registers; i++) {
            all.add(prefix + REGISTER + i);
        }
        for (int i = 0; i < counters; i++) {
            all.add(prefix + COUNTER + i);
        }
        for (int i = 0; i < hashFields; i++) {
            all.add(prefix + HASH + (i / FIELDS_PER_HASH) + FIELD_SEPARATOR + "f" + (i % FIELDS_PER_HASH));
        }
        this.keys = List.copyOf(all);
    }

    /** The history keys: a register's or counter's key, or a hash field's {@code key#field}. */
    public List<String> all() {
        return keys;
    }

    public boolean isCounter(String key) {
        return key.contains(COUNTER);
    }

    public boolean isHashField(String key) {
        return key.indexOf(FIELD_SEPARATOR) >= 0;
    }

    /** The Redis key of a hash field's history key. */
    public static String hashOf(String fieldKey) {
        return fieldKey.substring(0, fieldKey.indexOf(FIELD_SEPARATOR));
    }

    /** The field of a hash field's history key. */
    public static String fieldOf(String fieldKey) {
        return fieldKey.substring(fieldKey.indexOf(FIELD_SEPARATOR) + 1);
    }

    String pick(SplittableRandom random) {
        return keys.get(random.nextInt(keys.size()));
    }
}
