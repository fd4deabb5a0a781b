package io.raftboot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated disk log must honour the LogView contract the engine relies on. */
class SimLogTest {

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(new Entry(i, term, EntryType.COMMAND, new byte[] {(byte) i}));
        }
        return out;
    }

    private final SimLog log = new SimLog(new SnapshotMeta(0, 0, Configuration.EMPTY));

    @Test
    void appendTruncatesFromTheFirstNewIndex() {
        log.append(entries(1, 5, 1));
        log.append(entries(4, 4, 2));
        assertThat(log.lastIndex()).isEqualTo(4);
        assertThat(log.term(3)).isEqualTo(1);
        assertThat(log.term(4)).isEqualTo(2);
    }

    @Test
    void compactionKeepsTrailingEntriesAndTheSnapshotTerm() {
        log.append(entries(1, 10, 3));
        SnapshotMeta meta = new SnapshotMeta(8, 3, Configuration.EMPTY);
        log.compact(meta, 2);
        assertThat(log.firstIndex()).isEqualTo(7);
        assertThat(log.lastIndex()).isEqualTo(10);
        assertThat(log.snapshot()).isEqualTo(meta);
        assertThat(log.term(7)).isEqualTo(3);
        assertThat(log.term(8)).isEqualTo(3);
        assertThatThrownBy(() -> log.term(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactionWithoutTrailingEntriesLeavesAnEmptyLogAfterTheSnapshot() {
        log.append(entries(1, 4, 1));
        log.compact(new SnapshotMeta(4, 1, Configuration.EMPTY), 0);
        assertThat(log.firstIndex()).isEqualTo(5);
        assertThat(log.lastIndex()).isEqualTo(4);
        assertThat(log.term(4)).isEqualTo(1);
        log.append(entries(5, 5, 2));
        assertThat(log.lastIndex()).isEqualTo(5);
    }

    @Test
    void entriesStopAtTheByteBudgetButReturnAtLeastOne() {
        log.append(entries(1, 5, 1));
        assertThat(log.entries(1, 6, 1)).hasSize(1);
        assertThat(log.entries(1, 6, 2 * (Entry.OVERHEAD + 1))).hasSize(2);
        assertThat(log.entries(2, 6, Long.MAX_VALUE)).extracting(Entry::index).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void installingASnapshotKeepsTheSuffixOnlyWhenTheLogAgreesAtItsIndex() {
        log.append(entries(1, 6, 2));
        log.install(new SnapshotMeta(4, 2, Configuration.EMPTY));
        assertThat(log.firstIndex()).isEqualTo(5);
        assertThat(log.lastIndex()).isEqualTo(6);

        SimLog other = new SimLog(new SnapshotMeta(0, 0, Configuration.EMPTY));
        other.append(entries(1, 6, 2));
        other.install(new SnapshotMeta(4, 3, Configuration.EMPTY));
        assertThat(other.firstIndex()).isEqualTo(5);
        assertThat(other.lastIndex()).isEqualTo(4);
        assertThat(other.term(4)).isEqualTo(3);
    }

    @Test
    void aGapIsReportedAsAViolation() {
        log.append(entries(1, 2, 1));
        assertThatThrownBy(() -> log.append(entries(4, 4, 1)))
                .isInstanceOf(SimulationFailure.Violation.class).hasMessageContaining("gap");
    }

    @Test
    void unknownFaultClassesAreRejectedClearly() {
        assertThatThrownBy(() -> Fault.parse("drop,earthquake"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earthquake");
        assertThat(Fault.parse("Drop, partition")).containsExactlyInAnyOrder(Fault.DROP, Fault.PARTITION);
        assertThat(Fault.parse("none")).isEmpty();
        assertThat(Fault.parse(null)).containsExactlyInAnyOrder(Fault.values());
    }
}
