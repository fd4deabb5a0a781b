package io.raftboot.faults.run;

import io.raftboot.faults.cluster.ClusterSettings;
import io.raftboot.faults.cluster.ProcessCluster;
import io.raftboot.test.history.HistoryFile;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.lin.CheckResult;
import io.raftboot.test.lin.LinearizabilityChecker;
import io.raftboot.test.lin.Models;
import io.raftboot.faults.workload.OpType;
import io.raftboot.test.history.Operation;
import io.raftboot.faults.workload.KeySpace;
import io.raftboot.faults.workload.TransferWorkload;
import io.raftboot.faults.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One run: start the cluster, run the workload while the nemesis applies faults, heal, let the
 * healed cluster serve a little, stop the clients, read back every key on the leader (those reads
 * join the history), then check linearizability and look for lost acknowledged writes.
 */
public final class FaultRun {
    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);
    /** Process id of the read-back operations in the history. */
    public static final int READ_BACK_PROCESS = 1_000_000;

    private FaultRun() {
    }

    public static RunReport run(RunOptions options) throws IOException, InterruptedException {
        Files.createDirectories(options.workDir());
        ClusterSettings defaults = ClusterSettings.defaults(options.jar(), options.workDir(), options.consistency());
        ClusterSettings settings = new ClusterSettings(defaults.jar(), defaults.workDir(), defaults.consistency(),
                defaults.electionTimeout(), defaults.heartbeat(), options.memberArguments());
        KeySpace keys = new KeySpace("k" + Long.toUnsignedString(options.seed(), 36) + "-", options.registers(), options.counters(),
                options.hashFields());
        HistoryRecorder recorder = new HistoryRecorder();
        try (ProcessCluster cluster = ProcessCluster.start(settings, options.nodes(), Duration.ofSeconds(120))) {
            List<Supplier<String>> pinned = new ArrayList<>();
            for (int i = 0; i < options.pinnedReaders(); i++) {
                String id = cluster.members().get(i % options.nodes()).id();
                pinned.add(() -> cluster.members().stream().filter(m -> m.id().equals(id) && m.isRunning())
                        .map(m -> m.clientAddress()).findFirst().orElse(null));
            }
            Workload workload = new Workload(cluster.addresses(), recorder, keys, options.clients(), options.seed(),
                    socketTimeout(settings), pinned).start();
            TransferWorkload transfers = new TransferWorkload(cluster.addresses(),
                    "t" + Long.toUnsignedString(options.seed(), 36) + "-", 2, options.seed(), socketTimeout(settings)).start();
            Nemesis nemesis = new Nemesis(cluster, options.faults(), options.seed());
            List<String> problems = new ArrayList<>();
            Map<String, String> finalValues = null;
            try {
                nemesis.run(System.nanoTime() + options.duration().toNanos());
                cluster.healAll();
                // restarted JVMs may take a while to start on a loaded machine
                cluster.awaitLeader(Duration.ofSeconds(120));
                // the healed cluster serves for a moment: operations stuck in faults resolve
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
                workload.stop();
                transfers.stop();
                finalValues = readBack(cluster, recorder, keys);
                problems.addAll(transfers.problems(cluster.readOnLeader(transfers.keys().get(0)),
                        cluster.readOnLeader(transfers.keys().get(1))));
                log.info("{}", transfers.summary());
            } catch (IllegalStateException e) {
                // the cluster did not recover (no leader after healing): an availability failure
                log.error("the cluster did not recover: {}", e.getMessage());
                problems.add("cluster did not recover after healing: " + e.getMessage());
            } finally {
                workload.stop();
                transfers.stop();
            }
            cluster.checkExits();
            problems.addAll(cluster.unexpectedExits());
            List<Operation> history = recorder.history();
            Path historyFile = options.workDir().resolve("history.tsv");
            HistoryFile.write(historyFile, history);
            log.info("checking {} operations", history.size());
            CheckResult check = new LinearizabilityChecker(Models.keyspace()).check(history);
            List<LostWrites.Finding> lost = finalValues == null ? List.of() : LostWrites.find(history, finalValues, keys::isCounter);
            if (finalValues == null) {
                problems.add("keys not read back: lost acknowledged writes not assessed");
            }
            return new RunReport(options, check, lost, problems, workload.stats(), history.size(), nemesis.applied(), historyFile);
        }
    }

    private static Map<String, String> readBack(ProcessCluster cluster, HistoryRecorder recorder, KeySpace keys)
            throws InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys.all()) {
            boolean field = keys.isHashField(key);
            HistoryRecorder.Pending read = recorder.invoke(READ_BACK_PROCESS, key,
                    (field ? OpType.FIELD_READ : OpType.READ).command(), null);
            String value = field ? cluster.readOnLeader("HGET", KeySpace.hashOf(key), KeySpace.fieldOf(key))
                    : cluster.readOnLeader("GET", key);
            read.ok(value);
            values.put(key, value);
        }
        return values;
    }

    /** Longer than the server's request timeout, so the server's -TIMEOUT normally comes first. */
    private static Duration socketTimeout(ClusterSettings settings) {
        return settings.electionTimeout().multipliedBy(2).plusSeconds(2);
    }
}
