package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Entries the runtime has just written are handed out for applying from memory: on the hot path the
 * engine never reads back from the log what it has just had written. Entries written before the
 * engine opened are still read from the log.
 */
class CommittedFromMemoryTest {

    private static RaftEngine soleLeader(RecordingLogView view) {
        RaftEngine engine = RaftEngine.open(Harness.config("a"), view, null, new SplittableRandom(7));
        for (int i = 0; i < 3 * Harness.ELECTION && engine.status().role() != Role.LEADER; i++) {
            engine.tick();
            persist(engine, view.log, engine.ready());
        }
        assertThat(engine.status().role()).isEqualTo(Role.LEADER);
        return engine;
    }

    /** Writes what the Ready asks for and reports it durable; returns what it handed out for applying. */
    private static List<Entry> persist(RaftEngine engine, MemoryLog log, Ready ready) {
        List<Entry> committed = new ArrayList<>(ready.committed());
        if (!ready.entries().isEmpty()) {
            log.append(ready.entries());
            log.sync();
            Entry last = ready.entries().get(ready.entries().size() - 1);
            engine.persisted(last.index(), last.term());
        }
        Ready next = engine.ready();
        committed.addAll(next.committed());
        return committed;
    }

    @Test
    void entriesJustWrittenAreAppliedWithoutReadingTheLogBack() {
        RecordingLogView view = new RecordingLogView(MemoryLog.bootstrap(Harness.configuration("a")));
        RaftEngine engine = soleLeader(view);
        view.reads.clear();
        List<Entry> applied = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            engine.propose(List.of(("set" + round).getBytes(), ("del" + round).getBytes()));
            applied.addAll(persist(engine, view.log, engine.ready()));
        }
        assertThat(Harness.commands(applied)).containsExactly("set0", "del0", "set1", "del1", "set2", "del2",
                "set3", "del3", "set4", "del4");
        assertThat(view.reads).as("log ranges read back").isEmpty();
        assertThat(engine.status().commitIndex()).isEqualTo(view.log.lastIndex());
    }

    @Test
    void entriesWrittenBeforeOpeningAreReadFromTheLog() {
        MemoryLog log = MemoryLog.bootstrap(Harness.configuration("a"));
        log.append(List.of(new Entry(1, 1, EntryType.COMMAND, "old".getBytes())));
        log.sync();
        RecordingLogView view = new RecordingLogView(log);
        RaftEngine engine = RaftEngine.open(Harness.config("a"), view,
                new HardState(1, "a"), new SplittableRandom(7));
        List<Entry> applied = new ArrayList<>();
        for (int i = 0; i < 3 * Harness.ELECTION && applied.isEmpty(); i++) {
            engine.tick();
            applied.addAll(persist(engine, log, engine.ready()));
        }
        assertThat(Harness.commands(applied)).startsWith("old");
        assertThat(view.reads).as("the old entry came from the log").isNotEmpty();
    }
}
