package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import java.util.List;

/** The checker in one call, for tests. */
public final class Linearizability {
    private Linearizability() {
    }

    /** Checks {@code history} against {@code model}, key by key; see {@link LinearizabilityChecker}. */
    public static CheckResult check(List<Operation> history, Model model) {
        return new LinearizabilityChecker(model).check(history);
    }

    /**
     * Fails unless {@code history} is linearizable; the message names every violating key with the
     * smallest window of operations found that is not linearizable on its own. An undecided key
     * (search budget spent) fails too: nothing was proved.
     */
    public static void assertLinearizable(List<Operation> history, Model model) {
        CheckResult result = check(history, model);
        if (result.verdict() != Verdict.LINEARIZABLE) {
            throw new AssertionError(result.describe());
        }
    }
}
