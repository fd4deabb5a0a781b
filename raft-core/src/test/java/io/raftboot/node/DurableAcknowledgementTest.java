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
import io.raftboot.storage.DeferredSyncStore;
import io.raftboot.storage.Durability;
import io.raftboot.storage.FileSnapshotStore;
import io.raftboot.storage.ForwardingLogStore;
import io.raftboot.storage.LogStore;
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
    LogWriter writer;
    ApplyLoop apply;
    RaftLoop raft;
    ExecutorService reads;
    Thread raftThread;
    Thread applyThread;

    /** The log writer's store, holding entries up to 4. */
    private void start(LogStore store) {
        engine = new RaftLoopTest.ScriptedEngine();
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

    private static MemoryLogStore logUpTo4() {
        MemoryLogStore memory = new MemoryLogStore();
        memory.reset(4);
        return memory;
    }

    @AfterEach
    void stop() throws InterruptedException {
        syncMayReturn.countDown();
        if (raft == null) {
            return;
        }
        raft.stop();
        apply.stop();
        raftThread.join(5000);
        applyThread.join(5000);
        writer.close();
        reads.shutdownNow();
    }

    @Test
    void anAcknowledgementLeavesOnlyAfterTheFsyncAndWithoutWaitingForTheRaftThread() throws InterruptedException {
        GatedSyncStore store = new GatedSyncStore(logUpTo4());
        start(store);
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

    /**
     * Two fsyncs in flight (a store that syncs beside its appends): the second returns first. Its
     * acknowledgement must still wait, since it promises entries up to 6 and entry 5 is not known to
     * be durable; once the first returns, the acknowledgements leave in order.
     */
    @Test
    void withTwoFsyncsInFlightAnAcknowledgementNeverOvertakesAnEarlierFsync() {
        List<String> events = new CopyOnWriteArrayList<>();
        DeferredSyncStore store = new DeferredSyncStore(events);
        store.reset(4);
        start(store);
        store.hold(1);
        store.hold(2);
        Message ack5 = append(5);
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("fsync-start 1"));
        Message ack6 = append(6);
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("fsync-start 2"));
        store.release(2);
        // written only once the thread whose fsync (2) returned holds the writer's role again
        Message ack7 = append(7);
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("append 7-7"));
        assertThat(events).contains("fsync-end 2").doesNotContain("fsync-end 1");
        assertThat(sent).as("entry 5 may not be durable yet").doesNotContain(ack5, ack6, ack7);
        assertThat(engine.persistedIndex).isZero();

        store.release(1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sent.contains(ack7));
        assertThat(sent).containsSubsequence(ack5, ack6, ack7);
        await().atMost(10, TimeUnit.SECONDS).until(() -> engine.persistedIndex == 7);
    }

    /** A follower's append of entry {@code index} (term 2), acknowledged once durable; returns the acknowledgement. */
    private Message append(long index) {
        Message ack = new Message.AppendResponse("n1", "n2", 2, true, index, 0, 0);
        engine.readies.add(new Ready(null, null, List.of(new Entry(index, 2, EntryType.NOOP, null)), List.of(),
                List.of(ack), List.of(), List.of(), List.of(), new SoftState(Role.FOLLOWER, 2, "n2"), 0));
        raft.post(() -> { });
        return ack;
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
