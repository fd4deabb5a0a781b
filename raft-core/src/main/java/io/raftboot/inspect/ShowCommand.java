package io.raftboot.inspect;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.StorageInspection;
import io.raftboot.storage.StorageInspection.SnapshotCheck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code show}: a data directory's state as an operator wants to see it. */
final class ShowCommand {
    private final long from;
    private final long to;
    private final boolean entries;

    private ShowCommand(long from, long to, boolean entries) {
        this.from = from;
        this.to = to;
        this.entries = entries;
    }

    static ShowCommand parse(String[] args, int start) {
        long from = 0;
        long to = Long.MAX_VALUE;
        boolean entries = true;
        for (int i = start; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = index(args, ++i, "--from");
                case "--to" -> to = index(args, ++i, "--to");
                case "--no-entries" -> entries = false;
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new ShowCommand(from, to, entries);
    }

    private static long index(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs an index");
        }
        try {
            return Long.parseLong(args[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an index, not '" + args[i] + "'");
        }
    }

    int run(Path dir, PrintStream out) throws IOException {
        MetaView meta = MetaView.read(dir.resolve("meta.db"));
        out.println("data dir        " + dir.toAbsolutePath());
        if (meta.problem() != null) {
            out.println("metadata        DAMAGED: " + meta.problem());
        } else if (!meta.present()) {
            out.println("metadata        none (a node never started here)");
        } else {
            out.println("cluster id      " + (meta.clusterId() == null ? "-" : meta.clusterId()));
            out.println("term            " + meta.hardState().term());
            out.println("vote            " + (meta.hardState().votedFor() == null ? "-" : meta.hardState().votedFor()));
            out.println("commit hint     " + meta.hardState().commitHint());
            meta.bootstrap().ifPresent(b -> out.println("bootstrap       " + EntryRenderer.configuration(b.configuration())));
        }

        List<SnapshotCheck> snapshots = new ArrayList<>();
        for (Path p : StorageInspection.snapshotFiles(dir.resolve("snapshots"))) {
            snapshots.add(StorageInspection.checkSnapshot(p));
        }
        out.println("snapshots       " + snapshots.size());
        SnapshotMeta newest = null;
        for (SnapshotCheck s : snapshots) {
            if (s.meta() == null) {
                out.println("  " + s.file().getFileName() + "  DAMAGED: " + s.problem());
                continue;
            }
            out.println("  " + s.file().getFileName() + "  index " + s.meta().index() + "  term " + s.meta().term()
                    + "  size " + s.size() + "  checksum " + s.checksum() + "  "
                    + EntryRenderer.configuration(s.meta().configuration())
                    + (s.problem() == null ? "" : "  DAMAGED: " + s.problem()));
            if (s.problem() == null && (newest == null || s.meta().index() > newest.index())) {
                newest = s.meta();
            }
        }

        // Two passes over the log, so that a log of any size is shown in constant memory: the first
        // finds what the header says (configuration, bounds, damage), the second prints the entries.
        Configuration[] lastConfiguration = {null};
        long[] configurationIndex = {0};
        LogSummary log = LogScanner.scan(dir.resolve("log"), e -> {
            if (e.type() == EntryType.CONFIGURATION) {
                try {
                    lastConfiguration[0] = ConfigurationCodec.decode(e.data());
                    configurationIndex[0] = e.index();
                } catch (RuntimeException ignored) {
                    // rendered as unreadable in the entry line
                }
            }
        });
        out.println("configuration   " + currentConfiguration(lastConfiguration[0], configurationIndex[0], newest, meta));
        out.println("log             " + log.kind() + ", first index " + log.firstIndex() + ", last index "
                + log.lastIndex() + " (" + log.files() + " file" + (log.files() == 1 ? "" : "s") + ")");
        for (String w : log.warnings()) {
            out.println("  warning: " + w);
        }
        for (Finding f : log.damage()) {
            out.println("  DAMAGED: " + f);
        }
        if (entries) {
            out.println("entries         index\tterm\ttype\tsize\tcontent");
            LogScanner.scan(dir.resolve("log"), e -> {
                if (e.index() >= from && e.index() <= to) {
                    out.println("  " + EntryRenderer.line(e));
                }
            });
        }
        return Inspector.OK;
    }

    /** The configuration in force: the last one in the log, else the newest snapshot's, else the bootstrap one. */
    private static String currentConfiguration(Configuration fromLog, long index, SnapshotMeta snapshot, MetaView meta) {
        if (fromLog != null) {
            return EntryRenderer.configuration(fromLog) + " (log index " + index + ")";
        }
        if (snapshot != null) {
            return EntryRenderer.configuration(snapshot.configuration()) + " (snapshot at index " + snapshot.index() + ")";
        }
        if (meta.bootstrap().isPresent()) {
            return EntryRenderer.configuration(meta.bootstrap().get().configuration()) + " (bootstrap)";
        }
        return "none";
    }
}
