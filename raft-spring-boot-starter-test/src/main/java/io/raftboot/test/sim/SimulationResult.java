package io.raftboot.test.sim;

import java.util.List;

/**
 * What a range of seeds did.
 *
 * @param operations   client commands issued in the seeds that passed
 * @param acknowledged those that got a reply (the rest failed or have an unknown outcome)
 * @param failures     the failing seeds, in seed order
 */
public record SimulationResult(List<Long> seeds, long operations, long acknowledged, List<SeedFailure> failures) {

    public SimulationResult {
        seeds = List.copyOf(seeds);
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** A summary, then the first failure in full. */
    public String describe() {
        StringBuilder out = new StringBuilder("simulator mode: ").append(seeds.size()).append(" seeds; ");
        if (passed()) {
            return out.append("every seed passed (").append(operations).append(" client commands, ").append(acknowledged)
                    .append(" acknowledged)").toString();
        }
        out.append(failures.size()).append(" failed:");
        for (SeedFailure failure : failures) {
            out.append(' ').append(failure.seed()).append(" (").append(failure.property()).append(')');
        }
        return out.append("\nfirst failure, ").append(failures.get(0).describe()).toString();
    }
}
