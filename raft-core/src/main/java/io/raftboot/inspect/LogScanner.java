package io.raftboot.inspect;

import io.raftboot.consensus.Entry;
import io.raftboot.storage.LogStore;
import io.raftboot.storage.LogStoreKind;
import io.raftboot.storage.LogStores;
import io.raftboot.storage.StorageInspection;
import io.raftboot.storage.StorageInspection.SegmentReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** Reads whichever log a data directory holds, without writing to it, handing entries to a sink in order. */
final class LogScanner {
    private static final String MAPDB_FILE = "log.mapdb";

    private LogScanner() {
    }

    static LogSummary scan(Path logDir, Consumer<Entry> sink) throws IOException {
        if (Files.exists(logDir.resolve(MAPDB_FILE))) {
            return scanMapDb(logDir.resolve(MAPDB_FILE), sink);
        }
        return scanSegmented(logDir, sink);
    }

    private static LogSummary scanSegmented(Path logDir, Consumer<Entry> sink) throws IOException {
        List<Finding> damage = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long marker = 0;
        try {
            OptionalLong m = StorageInspection.firstIndexMarker(logDir);
            marker = m.orElse(0);
        } catch (RuntimeException e) {
            damage.add(new Finding(logDir.resolve("first-index").toString(), 0, e.getMessage()));
        }
        long floor = marker;
        long[] range = {Long.MAX_VALUE, 0};
        List<SegmentReport> reports = StorageInspection.scanSegmentedLog(logDir, e -> {
            if (e.index() >= floor) {
                range[0] = Math.min(range[0], e.index());
                range[1] = e.index();
                sink.accept(e);
            }
        });
        SegmentReport previous = null;
        for (SegmentReport r : reports) {
            if (previous != null && previous.lastIndex() + 1 != r.firstIndex() && !previous.damaged()) {
                damage.add(new Finding(r.file().toString(), 8, "starts at index " + r.firstIndex()
                        + " but the previous segment ends at " + previous.lastIndex()));
            }
            if (r.damaged()) {
                damage.add(new Finding(r.file().toString(), r.corruptAt(), r.problem()));
            } else if (r.tornTail()) {
                warnings.add("torn tail in " + r.file() + " at offset " + r.corruptAt() + " (" + r.problem()
                        + "): a write in progress or cut by a crash; a node cuts it back on start");
            }
            previous = r;
        }
        if (reports.isEmpty()) {
            return new LogSummary(Files.isDirectory(logDir) ? "segmented" : "none", Math.max(marker, 1),
                    Math.max(marker, 1) - 1, 0, damage, warnings);
        }
        long first = range[0] == Long.MAX_VALUE ? Math.max(marker, reports.get(0).firstIndex()) : range[0];
        long last = range[0] == Long.MAX_VALUE ? first - 1 : range[1];
        return new LogSummary("segmented", first, last, reports.size(), damage, warnings);
    }

    private static LogSummary scanMapDb(Path file, Consumer<Entry> sink) throws IOException {
        List<Finding> damage = new ArrayList<>();
        try (ReadOnlyCopy copy = ReadOnlyCopy.of(file);
             LogStore log = LogStores.open(LogStoreKind.MAPDB, copy.dir())) {
            long first = log.firstIndex();
            long last = log.lastIndex();
            for (long index = first; index <= last; index++) {
                try {
                    sink.accept(log.entry(index));
                } catch (RuntimeException e) {
                    damage.add(new Finding(file.toString(), -1, "index " + index + ": " + e.getMessage()));
                    break;
                }
            }
            return new LogSummary("mapdb", first, last, 1, damage, List.of());
        } catch (RuntimeException e) {
            damage.add(new Finding(file.toString(), -1, "cannot open: " + e.getMessage()));
            return new LogSummary("mapdb", 1, 0, 1, damage, List.of());
        }
    }
}
