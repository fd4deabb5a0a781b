package io.raftboot.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.node.CommandPayload;
import io.raftboot.storage.SegmentedLogStore;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} prints a log of any size in constant memory: a log whose rendered lines alone would
 * need several times the inspector's heap is shown whole by a JVM with a small heap.
 */
class ShowStreamingTest {
    private static final int ENTRIES = 600_000;

    @TempDir
    Path dir;

    @Test
    void aLogLargerThanTheHeapIsShownWhole() throws Exception {
        try (SegmentedLogStore log = SegmentedLogStore.open(dir.resolve("log"))) {
            byte[] value = "v".repeat(48).getBytes(StandardCharsets.US_ASCII);
            for (int start = 1; start <= ENTRIES; start += 10_000) {
                List<Entry> batch = new ArrayList<>();
                for (int i = start; i < start + 10_000; i++) {
                    byte[][] args = {"SET".getBytes(StandardCharsets.US_ASCII),
                            ("key:" + i).getBytes(StandardCharsets.US_ASCII), value};
                    batch.add(new Entry(i, 1, EntryType.COMMAND, CommandPayload.encode(1, i, args)));
                }
                log.append(batch);
            }
            log.sync();
        }
        Path output = dir.resolve("show.txt");
        // about 100 bytes a line: buffering 600,000 of them needs far more than 40 MB of heap
        Process show = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx40m", "-cp", System.getProperty("java.class.path"), Inspector.class.getName(),
                "show", dir.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(show.waitFor(120, TimeUnit.SECONDS)).as("show finished").isTrue();
        assertThat(show.exitValue()).as(tail(output)).isZero();
        long shown = 0;
        String last = null;
        try (BufferedReader lines = Files.newBufferedReader(output)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("  ") && line.contains("\tCOMMAND\t")) {
                    shown++;
                    last = line;
                }
            }
        }
        assertThat(shown).isEqualTo(ENTRIES);
        assertThat(last).startsWith("  " + ENTRIES + "\t1\tCOMMAND\t").endsWith("SET key:" + ENTRIES + " " + "v".repeat(48));
    }

    /** The lines that explain a failure: from the first exception on, if any, else the last few. */
    private static String tail(Path file) throws java.io.IOException {
        List<String> lines = Files.readAllLines(file);
        int from = Math.max(0, lines.size() - 5);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("Exception") || lines.get(i).contains("Error")) {
                from = i;
                break;
            }
        }
        return String.join("\n", lines.subList(from, Math.min(lines.size(), from + 12)));
    }
}
