package io.raftboot.faults.run;

import io.raftboot.faults.workload.OpType;
import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Acknowledged writes missing from the values read back after the run, per key:
 * <ul>
 * <li>a register: every acknowledged SET invoked after the write of the final value had completed
 * (or any acknowledged SET, if the key reads as absent) is lost: nothing it could have been
 * overwritten by came later;</li>
 * <li>a counter: acknowledged INCRs beyond the final value are lost; a final value above
 * acknowledged plus unknown INCRs means phantom increments.</li>
 * </ul>
 */
public final class LostWrites {
    private LostWrites() {
    }

    public record Finding(String key, String problem) {
    }

    public static List<Finding> find(List<Operation> history, Map<String, String> finalValues, java.util.function.Predicate<String> isCounter) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, String> e : finalValues.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            List<Operation> ops = history.stream().filter(op -> op.key().equals(key)).toList();
            if (isCounter.test(key)) {
                counter(key, value, ops, findings);
            } else {
                register(key, value, ops, findings);
            }
        }
        return findings;
    }

    private static void counter(String key, String value, List<Operation> ops, List<Finding> findings) {
        long acknowledged = ops.stream().filter(op -> op.command().equals(OpType.INCR.command()) && op.outcome() == Outcome.OK).count();
        long unknown = ops.stream().filter(op -> op.command().equals(OpType.INCR.command()) && op.outcome() == Outcome.UNKNOWN).count();
        long finalCount = value == null ? 0 : Long.parseLong(value);
        if (finalCount < acknowledged) {
            findings.add(new Finding(key, (acknowledged - finalCount) + " acknowledged INCR lost: final value " + finalCount
                    + ", acknowledged " + acknowledged));
        }
        if (finalCount > acknowledged + unknown) {
            findings.add(new Finding(key, "phantom increments: final value " + finalCount + " > acknowledged "
                    + acknowledged + " + unknown " + unknown));
        }
    }

    /** A register's SET or a hash field's HSET. */
    private static boolean writesValue(Operation op) {
        return op.command().equals(OpType.WRITE.command()) || op.command().equals(OpType.FIELD_WRITE.command());
    }

    private static void register(String key, String value, List<Operation> ops, List<Finding> findings) {
        List<Operation> acknowledged = ops.stream().filter(op -> writesValue(op) && op.outcome() == Outcome.OK).toList();
        if (value == null) {
            if (!acknowledged.isEmpty()) {
                findings.add(new Finding(key, acknowledged.size() + " acknowledged SET lost: the key is absent"));
            }
            return;
        }
        Operation writer = ops.stream().filter(op -> writesValue(op) && Objects.equals(op.input(), value))
                .findFirst().orElse(null);
        if (writer == null) {
            findings.add(new Finding(key, "final value " + value + " was never written"));
            return;
        }
        if (writer.outcome() == Outcome.FAIL) {
            findings.add(new Finding(key, "final value " + value + " comes from a SET that was refused"));
            return;
        }
        if (writer.outcome() != Outcome.OK) {
            return;
        }
        long lost = acknowledged.stream().filter(op -> op.invokeNanos() > writer.completeNanos()).count();
        if (lost > 0) {
            findings.add(new Finding(key, lost + " acknowledged SET lost: final value " + value
                    + " was written before they were sent"));
        }
    }
}
