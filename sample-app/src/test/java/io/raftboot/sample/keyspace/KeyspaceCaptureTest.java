package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Copy-on-write capture: the snapshot is the state at capture, whatever the apply thread does next. */
class KeyspaceCaptureTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final int KEYS = 50_000;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);
    private final ExpiryCommands expiry = new ExpiryCommands(keyspace);
    private final ExecutorService snapshotThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopThread() {
        snapshotThread.shutdownNow();
    }

    /** Key name to "value/expireAt", the state a restored snapshot must show. */
    private static Map<String, String> stateOf(Keyspace k) {
        Map<String, String> state = new HashMap<>();
        k.forEach(e -> state.put(s(e.getKey().bytes()), s(e.getValue().bytes()) + "/" + e.getValue().expireAt()));
        return state;
    }

    /** Blocks the streaming thread at its first write until the apply thread lets it go on. */
    private static OutputStream heldAtFirstWrite(OutputStream target, CountDownLatch started, CountDownLatch proceed) {
        return new FilterOutputStream(target) {
            private boolean first = true;

            @Override
            public void write(byte[] bytes, int off, int len) throws IOException {
                if (first) {
                    first = false;
                    started.countDown();
                    try {
                        proceed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                out.write(bytes, off, len);
            }
        };
    }

    @Test
    void writesAfterCaptureNeverReachTheSnapshotStreamedWhileTheyHappen() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            strings.set(NOW, b("k" + i), b("before" + i), i % 7 == 0 ? bs("PX", "60000") : bs());
        }
        Map<String, String> atCapture = stateOf(keyspace);
        KeyspaceSnapshot snapshot = keyspace.capture();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch halfWritten = new CountDownLatch(1);
        CompletableFuture<Void> streamed = CompletableFuture.runAsync(() -> {
            try {
                snapshot.writeTo(heldAtFirstWrite(bytes, streaming, halfWritten));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, snapshotThread);

        assertThat(streaming.await(30, TimeUnit.SECONDS)).isTrue();
        Random random = new Random(11);
        // enough new keys to split every segment, enough deletes to merge them back
        for (int i = 0; i < 4 * KEYS; i++) {
            if (i == 2 * KEYS) {
                halfWritten.countDown();
            }
            int k = random.nextInt(KEYS);
            switch (i % 4) {
                case 0 -> strings.set(NOW + 1, b("k" + k), b("after" + i));
                case 1 -> strings.set(NOW + 1, b("new" + i), b("after" + i));
                case 2 -> keys.del(NOW + 1, b("k" + k), b("new" + (i - 1)));
                default -> expiry.expire(NOW + 1, b("k" + k), b("5"));
            }
        }
        streamed.get(60, TimeUnit.SECONDS);

        Keyspace restored = new Keyspace();
        KeyspaceRestorer.restore(restored, new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(stateOf(restored)).isEqualTo(atCapture);
        assertThat(restored.lastWriteTime()).isEqualTo(NOW);
        assertThat(snapshot.size()).isEqualTo(KEYS);
        // and the live keyspace did move on
        assertThat(stateOf(keyspace)).isNotEqualTo(atCapture);
    }

    @Test
    void aFlushAfterCaptureLeavesTheSnapshotWhole() throws IOException {
        for (int i = 0; i < 3_000; i++) {
            strings.set(NOW, b("k" + i), b("v" + i));
        }
        Map<String, String> atCapture = stateOf(keyspace);
        KeyspaceSnapshot snapshot = keyspace.capture();
        keys.flushall(NOW + 1);
        strings.set(NOW + 1, b("k1"), b("after"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        snapshot.writeTo(bytes);
        Keyspace restored = new Keyspace();
        KeyspaceRestorer.restore(restored, new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(stateOf(restored)).isEqualTo(atCapture);
    }

    @Test
    void aSnapshotStreamsOnceBecauseWritingReleasesItsView() throws IOException {
        strings.set(NOW, b("a"), b("1"));
        KeyspaceSnapshot snapshot = keyspace.capture();
        snapshot.writeTo(new ByteArrayOutputStream());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshot.writeTo(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class);
    }
}
