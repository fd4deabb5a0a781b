package io.raftboot.test.lin;

import java.util.List;

/** The checker's answer for a whole history: one result per key. */
public record CheckResult(List<KeyResult> keys) {

    public CheckResult {
        keys = List.copyOf(keys);
    }

    /** Not linearizable if any key is not; otherwise undecided if any key is; otherwise linearizable. */
    public Verdict verdict() {
        boolean undecided = false;
        for (KeyResult key : keys) {
            if (key.verdict() == Verdict.NOT_LINEARIZABLE) {
                return Verdict.NOT_LINEARIZABLE;
            }
            undecided |= key.verdict() == Verdict.UNDECIDED;
        }
        return undecided ? Verdict.UNDECIDED : Verdict.LINEARIZABLE;
    }

    public List<KeyResult> violations() {
        return keys.stream().filter(k -> k.verdict() == Verdict.NOT_LINEARIZABLE).toList();
    }

    public List<KeyResult> undecided() {
        return keys.stream().filter(k -> k.verdict() == Verdict.UNDECIDED).toList();
    }

    /** A report: the verdict, then every violation with its window and every undecided key. */
    public String describe() {
        StringBuilder out = new StringBuilder("linearizability: ").append(verdict()).append(" (").append(keys.size()).append(" keys)");
        for (KeyResult key : violations()) {
            out.append('\n').append(key.describe());
        }
        for (KeyResult key : undecided()) {
            out.append('\n').append(key.describe());
        }
        return out.toString();
    }
}
