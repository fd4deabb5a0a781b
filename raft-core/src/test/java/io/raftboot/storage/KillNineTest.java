package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM appends at HIGH and is killed with SIGKILL while appending; every entry it acknowledged
 * (printed after the durable callback) must be there after reopening, and so must the term it had
 * saved. Several rounds on the same data directory, each continuing the log.
 */
class KillNineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = LogStoreKind.class, names = {"SEGMENTED", "MAPDB"})
    void everyAcknowledgedEntryAndTermSurvivesKillNine(LogStoreKind kind) throws Exception {
        long lastAcked = 0;
        for (int round = 0; round < 4; round++) {
            long acked = 0;
            long ackedTerm = 0;
            long target = lastAcked + (kind == LogStoreKind.MAPDB ? 100 : 300 + round * 150L);
            try (ChildJvm child = ChildJvm.start(CrashAppender.class, dir.toString(), kind.name())) {
                String line;
                while ((line = child.nextLine("ack ")) != null) {
                    String[] parts = line.split(" ");
                    acked = Long.parseLong(parts[1]);
                    ackedTerm = Long.parseLong(parts[2]);
                    if (acked >= target) {
                        break;
                    }
                }
                assertThat(line).as("child stopped before acknowledging enough").isNotNull();
                child.kill();
            }
            try (DataDirectory data = DataDirectory.lock(dir);
                 LogStore log = data.openLog(kind);
                 MetaStore meta = data.openMeta()) {
                assertThat(log.lastIndex()).as("round %d", round).isGreaterThanOrEqualTo(acked);
                for (long i = 1; i <= log.lastIndex(); i++) {
                    Entry e = log.entry(i);
                    assertThat(e).isEqualTo(TestEntries.entry(i, 1));
                }
                assertThat(meta.hardState().term()).isGreaterThanOrEqualTo(ackedTerm);
                assertThat(meta.hardState().votedFor()).isEqualTo("n" + meta.hardState().term());
                lastAcked = log.lastIndex();
            }
        }
    }
}
