package io.raftboot.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.api.Command;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchTableTest {
    private static final CommandSpec SET = spec("SET", 1, 1, 1);
    private static final CommandSpec MSET = spec("MSET", 1, -1, 2);
    private static final CommandSpec FLUSH = CommandSpec.builder("FLUSHALL", -1, CommandKind.WRITE).noKeys()
            .handler((c, x, a) -> null).build();

    private static CommandSpec spec(String name, int first, int last, int step) {
        return CommandSpec.builder(name, -2, CommandKind.WRITE).keys(first, last, step).handler((c, x, a) -> null).build();
    }

    private static List<byte[]> keys(String... keys) {
        return java.util.Arrays.stream(keys).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Two keys that land in different buckets, so the tests below say what they mean. */
    private static String apartFrom(String key) {
        for (int i = 0; ; i++) {
            String other = "other" + i;
            if (WatchTable.bucket(other.getBytes(StandardCharsets.UTF_8))
                    != WatchTable.bucket(key.getBytes(StandardCharsets.UTF_8))) {
                return other;
            }
        }
    }

    /** A table that has seen the cluster's first transaction, at index 1. */
    private static WatchTable tracking() {
        WatchTable table = new WatchTable();
        table.transactionAborts(List.of(), 0, 1);
        return table;
    }

    @Test
    void aWriteMovesOnlyTheBucketsOfTheKeysItsSpecNames() {
        WatchTable table = tracking();
        String other = apartFrom("a");
        table.modified(MSET, Command.of("MSET", "a", "1", other, "2"), 7);
        assertThat(table.transactionAborts(keys("a"), 6, 8)).isTrue();
        assertThat(table.transactionAborts(keys("a"), 7, 8)).as("modified at the watch index: already seen").isFalse();
        assertThat(table.transactionAborts(keys(other), 6, 8)).isTrue();
        assertThat(table.transactionAborts(keys("1"), 6, 8)).as("values are not keys").isFalse();
        assertThat(table.readAborts(keys("a"), 6)).isTrue();
        assertThat(table.readAborts(keys("a"), 7)).isFalse();

        table.modified(SET, Command.of("SET", other, "3"), 9);
        assertThat(table.transactionAborts(keys("a"), 7, 10)).isFalse();
        assertThat(table.transactionAborts(keys("a", other), 7, 10)).isTrue();
        assertThat(table.transactionAborts(List.of(), 0, 10)).as("nothing watched").isFalse();
    }

    @Test
    void aWriteWithoutKeysCountsAsTouchingEveryKey() {
        WatchTable table = tracking();
        table.modified(FLUSH, Command.of("FLUSHALL"), 4);
        assertThat(table.transactionAborts(keys("anything"), 3, 5)).isTrue();
        assertThat(table.transactionAborts(keys("anything"), 4, 5)).isFalse();
    }

    /** The first transaction logged starts the tracking on every member at once; watched, it aborts. */
    @Test
    void trackingStartsWithTheFirstLoggedTransaction() {
        WatchTable table = new WatchTable();
        table.modified(SET, Command.of("SET", "a", "1"), 3);
        assertThat(table.transactionAborts(keys("b"), 5, 6)).as("the first one, watched").isTrue();
        assertThat(table.transactionAborts(keys("b"), 5, 7)).as("a watch from before the first").isTrue();
        assertThat(table.transactionAborts(keys("b"), 6, 7)).isFalse();
    }

    /** A member that starts from a snapshot judges every later EXEC as the members that applied it all. */
    @Test
    void aSnapshotCarriesTheTableSoARestoredMemberDecidesTheSame() throws IOException {
        WatchTable whole = tracking();
        WatchTrackingStateMachine withHistory = new WatchTrackingStateMachine(new Empty(), whole);
        whole.modified(SET, Command.of("SET", "a", "1"), 3);
        whole.modified(SET, Command.of("SET", "b", "1"), 5);
        byte[] snapshot = write(withHistory.snapshot());
        whole.modified(SET, Command.of("SET", "a", "2"), 6);

        WatchTable restored = new WatchTable();
        Empty user = new Empty();
        new WatchTrackingStateMachine(user, restored).restore(new ByteArrayInputStream(snapshot));
        assertThat(user.restoredBytes).as("the user's own bytes follow the table").isEqualTo("user-state");
        restored.modified(SET, Command.of("SET", "a", "2"), 6);
        for (long since = 0; since <= 6; since++) {
            for (List<byte[]> watched : List.of(keys("a"), keys("b"), keys(apartFrom("a")))) {
                assertThat(restored.transactionAborts(watched, since, 7))
                        .isEqualTo(whole.transactionAborts(watched, since, 7));
            }
        }
    }

    @Test
    void beforeAnyTransactionSnapshotsHoldTheUserBytesAloneAsAnEarlierBuildWroteThem() throws IOException {
        WatchTable table = new WatchTable();
        table.modified(SET, Command.of("SET", "a", "1"), 3);
        assertThat(new String(write(new WatchTrackingStateMachine(new Empty(), table).snapshot()), StandardCharsets.UTF_8))
                .isEqualTo("user-state");

        WatchTable restored = new WatchTable();
        Empty user = new Empty();
        new WatchTrackingStateMachine(user, restored).restore(
                new ByteArrayInputStream("user-state".getBytes(StandardCharsets.UTF_8)));
        assertThat(user.restoredBytes).isEqualTo("user-state");
        assertThat(restored.readAborts(keys("a"), 100)).as("no local history before the next write").isTrue();
        restored.modified(SET, Command.of("SET", "b", "1"), 42);
        assertThat(restored.readAborts(keys("a"), 40)).isTrue();
        assertThat(restored.readAborts(keys("a"), 41)).isFalse();
        assertThat(restored.transactionAborts(keys("a"), 41, 43)).as("the first transaction logged").isTrue();
        assertThat(restored.transactionAborts(keys("a"), 43, 44)).isFalse();
    }

    private static byte[] write(SnapshotWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out);
        return out.toByteArray();
    }

    private static final class Empty implements StateMachine {
        String restoredBytes;

        @Override
        public List<CommandSpec> commands() {
            return List.of();
        }

        @Override
        public SnapshotWriter snapshot() {
            return out -> out.write("user-state".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void restore(InputStream in) throws IOException {
            restoredBytes = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
