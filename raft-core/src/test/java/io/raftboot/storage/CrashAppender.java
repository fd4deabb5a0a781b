package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.HardState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * Child JVM for the kill -9 test (arguments: data dir, log store kind): appends deterministic entries at HIGH through a {@link LogWriter},
 * raising the term now and then, and prints {@code ack <lastIndex> <term>} after each callback, i.e.
 * only once the batch is durable. Runs until killed.
 */
public final class CrashAppender {
    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        DataDirectory data = DataDirectory.lock(Path.of(args[0]));
        LogStore log = data.openLog(LogStoreKind.valueOf(args[1]));
        MetaStore meta = data.openMeta();
        CountDownLatch fatal = new CountDownLatch(1);
        LogWriter writer = new LogWriter(log, meta, Durability.HIGH, t -> fatal.countDown());
        Semaphore inFlight = new Semaphore(64);
        long next = log.lastIndex() + 1;
        long term = Math.max(1, meta.hardState().term());
        for (int batchNo = 0; fatal.getCount() > 0; batchNo++) {
            HardState hs = null;
            if (batchNo % 40 == 0) {
                term++;
                hs = new HardState(term, "n" + term);
            }
            int size = 1 + batchNo % 17;
            List<Entry> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(TestEntries.entry(next + i, 1));
            }
            long last = next + size - 1;
            long ackTerm = term;
            inFlight.acquire();
            writer.submit(new WriteBatch(hs, batch, () -> {
                System.out.println("ack " + last + " " + ackTerm);
                System.out.flush();
                inFlight.release();
            }));
            next = last + 1;
        }
        System.exit(3);
    }
}
