package io.raftboot.test.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryFileTest {

    @Test
    void recordedHistoryRoundTripsThroughTheFile(@TempDir Path dir) throws Exception {
        HistoryRecorder recorder = new HistoryRecorder();
        recorder.invoke(1, "r", "SET", "a").ok("OK");
        recorder.invoke(2, "r", "GET", null).ok(null);
        recorder.invoke(3, "c", "INCR", null).unknown();
        recorder.invoke(4, "c", "INCR", null).fail();
        recorder.invoke(5, "c", "GET", null); // still in flight: unknown
        List<Operation> history = recorder.history();
        assertThat(history).extracting(Operation::outcome)
                .containsExactly(Outcome.OK, Outcome.OK, Outcome.UNKNOWN, Outcome.FAIL, Outcome.UNKNOWN);

        Path file = dir.resolve("h.tsv");
        HistoryFile.write(file, history);
        assertThat(HistoryFile.read(file)).isEqualTo(history);
    }

    @Test
    void malformedLinesAreReportedWithTheirNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.tsv");
        Files.writeString(file, "# header\n1\t2\tk\n");
        assertThatThrownBy(() -> HistoryFile.read(file)).hasMessageContaining(":2:");
    }

    @Test
    void completingTwiceIsRefused() {
        HistoryRecorder.Pending op = new HistoryRecorder().invoke(1, "k", "GET", null);
        op.ok("x");
        assertThatThrownBy(op::fail).isInstanceOf(IllegalStateException.class);
    }
}
