package io.raftboot.inspect;

import io.raftboot.storage.StorageInspection;
import io.raftboot.storage.StorageInspection.SnapshotCheck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify}: every checksum in the data directory. Prints each file checked, then either
 * {@code OK} or the first damaged file and offset, followed by any other damage.
 */
final class VerifyCommand {

    int run(Path dir, PrintStream out) throws IOException {
        List<Finding> damage = new ArrayList<>();
        MetaView meta = MetaView.read(dir.resolve("meta.db"));
        if (meta.problem() != null) {
            damage.add(new Finding(dir.resolve("meta.db").toString(), -1, meta.problem()));
        } else if (meta.present()) {
            out.println("ok      meta.db (term " + meta.hardState().term() + ", commit hint "
                    + meta.hardState().commitHint() + ")");
        }

        long[] count = {0};
        LogSummary log = LogScanner.scan(dir.resolve("log"), e -> count[0]++);
        if (log.damage().isEmpty()) {
            out.println("ok      log (" + log.kind() + ", " + count[0] + " entries, " + log.files() + " files, index "
                    + log.firstIndex() + ".." + log.lastIndex() + ")");
        }
        damage.addAll(log.damage());
        for (String w : log.warnings()) {
            out.println("warning " + w);
        }

        for (Path p : StorageInspection.snapshotFiles(dir.resolve("snapshots"))) {
            SnapshotCheck check = StorageInspection.checkSnapshot(p);
            if (check.problem() == null) {
                out.println("ok      " + p.getFileName() + " (index " + check.meta().index() + ", checksum "
                        + check.checksum() + ")");
            } else {
                damage.add(new Finding(p.toString(), check.problemOffset(), check.problem()));
            }
        }

        if (damage.isEmpty()) {
            out.println("OK");
            return Inspector.OK;
        }
        out.println("DAMAGED " + damage.get(0));
        for (Finding f : damage.subList(1, damage.size())) {
            out.println("also    " + f);
        }
        return Inspector.DAMAGED;
    }
}
