package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SCAN's guarantee while the hash table grows and shrinks between calls. */
class ScanAcrossResizesTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);
    private final ScanCommand scan = new ScanCommand(keyspace);

    @Test
    void keysPresentForTheWholeScanAreAllReturnedWhileTheTableGrowsAndShrinks() {
        for (long seed = 1; seed <= 3; seed++) {
            scanWhileResizing(new Random(seed));
            keys.flushall(NOW);
        }
    }

    private void scanWhileResizing(Random random) {
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            stable.add("stable:" + i);
            strings.set(NOW, b("stable:" + i), b("v"));
        }
        List<String> churn = new ArrayList<>();
        int churnCounter = 0;
        int bucketsAtStart = keyspace.bucketCount();
        int mostBuckets = bucketsAtStart;
        int fewestBucketsAfterPeak = Integer.MAX_VALUE;
        Set<String> everPresent = new HashSet<>(stable);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int call = 0;
        do {
            List<Object> reply = scan.scan(NOW, b(cursor), bs("COUNT", "20"));
            cursor = s((byte[]) reply.get(0));
            @SuppressWarnings("unchecked")
            List<byte[]> page = (List<byte[]>) reply.get(1);
            page.forEach(k -> seen.add(s(k)));
            // first half of the scan: the table grows to ~40,000 keys; second half: back to ~3,000
            boolean growing = call < 60;
            for (int j = 0; j < 700; j++) {
                if (growing || churn.isEmpty() || random.nextInt(10) == 0) {
                    String key = "churn:" + churnCounter++;
                    churn.add(key);
                    everPresent.add(key);
                    strings.set(NOW, b(key), b("v"));
                } else {
                    String key = churn.remove(churn.size() - 1 - random.nextInt(Math.min(churn.size(), 50)));
                    keys.del(NOW, b(key));
                }
            }
            int buckets = keyspace.bucketCount();
            mostBuckets = Math.max(mostBuckets, buckets);
            if (!growing) {
                fewestBucketsAfterPeak = Math.min(fewestBucketsAfterPeak, buckets);
            }
            call++;
        } while (!cursor.equals("0"));

        // set differences, not containsAll: AssertJ's containsAll compares every pair
        Set<String> missed = new HashSet<>(stable);
        missed.removeAll(seen);
        assertThat(missed).as("stable keys the scan missed").isEmpty();
        Set<String> invented = new HashSet<>(seen);
        invented.removeAll(everPresent);
        assertThat(invented).as("keys returned that never existed").isEmpty();
        assertThat(mostBuckets).as("the table grew mid-scan").isGreaterThanOrEqualTo(8 * bucketsAtStart);
        assertThat(fewestBucketsAfterPeak).as("the table shrank mid-scan").isLessThanOrEqualTo(mostBuckets / 4);
    }
}
