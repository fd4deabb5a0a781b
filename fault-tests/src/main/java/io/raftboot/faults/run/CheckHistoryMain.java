package io.raftboot.faults.run;

import io.raftboot.test.history.HistoryFile;
import io.raftboot.test.lin.CheckResult;
import io.raftboot.test.lin.LinearizabilityChecker;
import io.raftboot.test.lin.Models;
import io.raftboot.test.history.Operation;

import java.nio.file.Path;
import java.util.List;

/**
 * Re-checks a saved history ({@code history.tsv} of a fault run, or one written by another tool
 * in the same format): {@code scripts/fault-run.sh --check path/to/history.tsv}. Exit status 0
 * linearizable, 1 not, 2 undecided, 64 bad arguments.
 */
public final class CheckHistoryMain {
    private CheckHistoryMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CheckHistoryMain history.tsv");
            System.exit(64);
            return;
        }
        List<Operation> history = HistoryFile.read(Path.of(args[0]));
        CheckResult result = new LinearizabilityChecker(Models.keyspace()).check(history);
        System.out.println(history.size() + " operations");
        System.out.println(result.describe());
        System.exit(switch (result.verdict()) {
            case LINEARIZABLE -> 0;
            case NOT_LINEARIZABLE -> 1;
            case UNDECIDED -> 2;
        });
    }

}
