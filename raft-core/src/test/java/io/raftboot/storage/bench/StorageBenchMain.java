package io.raftboot.storage.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Locale;

/**
 * Runs {@link InterleavedAppendBenchmark} for every batch size and log store and prints a Markdown
 * table: raw {@code FileChannel.force} entries/s, log entries/s and their ratio, all measured in
 * the same run, operation by operation. Arguments: {@code [batch sizes] [stores]}, comma separated;
 * default {@code 1,16,256 SEGMENTED,MAPDB}.
 */
public final class StorageBenchMain {
    private StorageBenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String[] batches = (args.length > 0 ? args[0] : "1,16,256").split(",");
        String[] stores = (args.length > 1 ? args[1] : "SEGMENTED,MAPDB").split(",");
        String benchDir = System.getProperty("bench.dir", "target/bench-storage");
        StringBuilder table = new StringBuilder();
        table.append("| store | batch | raw force entries/s | log entries/s | log batches (fsyncs)/s | log / raw |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (String store : stores) {
            for (String batch : batches) {
                RunResult result = new Runner(new OptionsBuilder()
                        .include(InterleavedAppendBenchmark.class.getName().replace(".", "\\.") + "\\.")
                        .param("batch", batch)
                        .param("store", store)
                        .jvmArgsAppend("-Dbench.dir=" + benchDir)
                        .verbosity(VerboseMode.SILENT)
                        .build()).runSingle();
                double rawNanos = result.getSecondaryResults().get("rawNanos").getScore();
                double logNanos = result.getSecondaryResults().get("logNanos").getScore();
                double entries = result.getSecondaryResults().get("entriesEach").getScore();
                double rawRate = entries / rawNanos * 1e9;
                double logRate = entries / logNanos * 1e9;
                String row = String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.2f |%n", store, batch,
                        rawRate, logRate, logRate / Integer.parseInt(batch), rawNanos / logNanos);
                System.out.print(row);
                table.append(row);
            }
        }
        System.out.println();
        System.out.print(table);
    }
}
