package io.raftboot.faults.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The keys a workload touches: registers (GET/SET) and counters (INCR/GET), named apart. */
public final class KeySpace {
    private static final String REGISTER = "reg-";
    private static final String COUNTER = "ctr-";
    private final List<String> keys;

    public KeySpace(String prefix, int registers, int counters) {
        if (registers < 0 || counters < 0 || registers + counters == 0) {
            throw new IllegalArgumentException("need at least one key: registers=" + registers + " counters=" + counters);
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < registers; i++) {
            all.add(prefix + REGISTER + i);
        }
        for (int i = 0; i < counters; i++) {
            all.add(prefix + COUNTER + i);
        }
        this.keys = List.copyOf(all);
    }

    public List<String> all() {
        return keys;
    }

    public boolean isCounter(String key) {
        return key.contains(COUNTER);
    }

    String pick(SplittableRandom random) {
        return keys.get(random.nextInt(keys.size()));
    }
}
