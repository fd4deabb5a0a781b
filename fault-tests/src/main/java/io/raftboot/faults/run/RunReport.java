package io.raftboot.faults.run;

import io.raftboot.test.lin.CheckResult;
import io.raftboot.test.lin.Verdict;
import io.raftboot.faults.workload.WorkloadStats;

import java.nio.file.Path;
import java.util.List;

/** What a fault run found. */
public record RunReport(RunOptions options, CheckResult check, List<LostWrites.Finding> lostWrites, List<String> problems,
                        WorkloadStats stats, int operations, List<String> faultsApplied, Path historyFile) {

    public RunReport {
        lostWrites = List.copyOf(lostWrites);
        problems = List.copyOf(problems);
        faultsApplied = List.copyOf(faultsApplied);
    }

    /** Linearizable, nothing acknowledged lost, no member crashed on its own, the cluster recovered. */
    public boolean passed() {
        return check.verdict() == Verdict.LINEARIZABLE && lostWrites.isEmpty() && problems.isEmpty();
    }

    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("=== fault run: seed ").append(options.seed()).append(", ").append(options.nodes()).append(" nodes, consistency ")
                .append(options.consistency()).append(", faults ").append(options.faults()).append(", duration ")
                .append(options.duration().toSeconds()).append("s, ").append(options.clients()).append(" clients\n");
        out.append("verdict: ").append(passed() ? "PASS" : "FAIL").append(" (linearizability ").append(check.verdict())
                .append(", lost acknowledged writes: ").append(lostWrites.size() == 0 ? "none" : lostWrites.size() + " keys").append(")\n");
        out.append("operations: ").append(operations).append(" recorded\n").append(stats).append('\n');
        out.append("faults applied (").append(faultsApplied.size()).append("):\n");
        for (String f : faultsApplied) {
            out.append("  ").append(f).append('\n');
        }
        for (String p : problems) {
            out.append("PROBLEM: ").append(p).append('\n');
        }
        for (LostWrites.Finding f : lostWrites) {
            out.append("LOST: ").append(f.key()).append(": ").append(f.problem()).append('\n');
        }
        if (check.verdict() != Verdict.LINEARIZABLE) {
            out.append(check.describe()).append('\n');
        }
        out.append("history: ").append(historyFile).append('\n');
        return out.toString();
    }
}
