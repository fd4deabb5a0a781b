package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftMetrics;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.Ready;
import io.raftboot.consensus.Role;
import io.raftboot.consensus.SoftState;
import io.raftboot.storage.Durability;
import io.raftboot.storage.FileSnapshotStore;
import io.raftboot.storage.ForwardingLogStore;
import io.raftboot.storage.LogWriter;
import io.raftboot.storage.MemoryLogStore;
import io.raftboot.storage.MemoryMetaStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At {@code durability=high} a follower's acknowledgement promises that the entries are on disk: it
 * must not leave before the fsync returns, and once it returns it leaves from the log writer without
 * waiting for the raft thread.
 */
class DurableAcknowledgementTest {
    @TempDir
    Path dir;

    final CountDownLatch syncEntered = new CountDownLatch(1);
    final CountDownLatch syncMayReturn = new CountDownLatch(1);
    final List<Message> sent = new CopyOnWriteArrayList<>();
    RaftLoopTest.ScriptedEngine engine;
    GatedSyncStore store;
    LogWriter writer;
    ApplyLoop apply;
    RaftLoop raft;
    ExecutorService reads;
    Thread raftThread;
    Thread applyThread;

    @BeforeEach
    void start() {
        engine = new RaftLoopTest.ScriptedEngine();
        MemoryLogStore memory = new MemoryLogStore();
        memory.reset(4);
        store = new GatedSyncStore(memory);
        writer = new LogWriter(store, new MemoryMetaStore(), Durability.HIGH, t -> { });
        reads = Executors.newSingleThreadExecutor();
        apply = new ApplyLoop(new KvStateMachine(), Map.of(), new ConcurrentHashMap<>(), 7, RaftMetrics.NONE, reads,
                t -> { }, (meta, w) -> CompletableFuture.completedFuture(null),
                new SnapshotPolicy(1_000_000, 0, Long.MAX_VALUE), RaftLoopTest.START, SnapshotPolicy.NO_SNAPSHOT);
        PeerNetwork network = new RecordingPeerNetwork(sent);
        raft = new RaftLoop("n1", engine, new StoreLogView(store, RaftLoopTest.START), writer, network, apply,
                FileSnapshotStore.open(dir, 2), new ConcurrentHashMap<>(),
                new LeaseClock(TimeUnit.MILLISECONDS.toNanos(300)), new NodeEvents("n1"), RaftMetrics.NONE,
                TimeUnit.MILLISECONDS.toNanos(10), t -> { });
        applyThread = new Thread(apply);
        raftThread = new Thread(raft);
        applyThread.start();
        raftThread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        syncMayReturn.countDown();
        raft.stop();
        apply.stop();
        raftThread.join(5000);
        applyThread.join(5000);
        writer.close();
        reads.shutdownNow();
    }

    @Test
    void anAcknowledgementLeavesOnlyAfterTheFsyncAndWithoutWaitingForTheRaftThread() throws InterruptedException {
        Message ack = new Message.AppendResponse("n1", "n2", 2, true, 5, 0, 0);
        engine.readies.add(new Ready(null, null, List.of(new Entry(5, 2, EntryType.NOOP, null)), List.of(),
                List.of(ack), List.of(), List.of(), List.of(), new SoftState(Role.FOLLOWER, 2, "n2"), 0));
        raft.post(() -> { });
        assertThat(syncEntered.await(10, TimeUnit.SECONDS)).as("the writer fsyncs the entry").isTrue();
        assertThat(store.lastIndex()).isEqualTo(5);
        assertThat(sent).as("written but not yet durable: no acknowledgement").doesNotContain(ack);

        CountDownLatch raftThreadBusy = new CountDownLatch(1);
        CountDownLatch releaseRaftThread = new CountDownLatch(1);
        raft.post(() -> {
            raftThreadBusy.countDown();
            try {
                releaseRaftThread.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(raftThreadBusy.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            syncMayReturn.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> sent.contains(ack));
            assertThat(engine.persistedIndex).as("the raft thread has not run yet").isZero();
        } finally {
            releaseRaftThread.countDown();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> engine.persistedIndex == 5);
        assertThat(sent).containsOnlyOnce(ack);
    }

    /** A memory log whose fsync waits for the test. */
    final class GatedSyncStore extends ForwardingLogStore {
        GatedSyncStore(MemoryLogStore delegate) {
            super(delegate);
        }

        @Override
        public void sync() {
            syncEntered.countDown();
            try {
                syncMayReturn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
