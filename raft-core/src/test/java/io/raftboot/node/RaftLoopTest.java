package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftMetrics;
import io.raftboot.consensus.ConfigChange;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.ProposalResult;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.consensus.Ready;
import io.raftboot.consensus.Role;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.consensus.SoftState;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import io.raftboot.storage.Durability;
import io.raftboot.storage.FileSnapshotStore;
import io.raftboot.storage.LogWriter;
import io.raftboot.storage.MemoryLogStore;
import io.raftboot.storage.MemoryMetaStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raft thread's duties, driven by a scripted engine. */
class RaftLoopTest {
    static final SnapshotMeta START = new SnapshotMeta(4, 1,
            Configuration.ofVoters(List.of(new Member("n1", "127.0.0.1:1", true), new Member("n2", "127.0.0.1:2", true),
                    new Member("n3", "127.0.0.1:3", true))));

    @TempDir
    Path dir;

    ScriptedEngine engine;
    StoreLogView view;
    RaftLoop raft;
    ApplyLoop apply;
    LogWriter writer;
    ExecutorService reads;
    Thread raftThread;
    Thread applyThread;
    ConcurrentHashMap<Long, PendingWrite> writes = new ConcurrentHashMap<>();
    List<Message> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        engine = new ScriptedEngine();
        MemoryLogStore log = new MemoryLogStore();
        log.reset(4);
        view = new StoreLogView(log, START);
        writer = new LogWriter(log, new MemoryMetaStore(), Durability.LOW, t -> { });
        reads = Executors.newSingleThreadExecutor();
        FileSnapshotStore snapshots = FileSnapshotStore.open(dir, 2);
        apply = new ApplyLoop(new KvStateMachine(), Map.of(), writes, 7, RaftMetrics.NONE, reads, t -> { },
                (meta, w) -> CompletableFuture.completedFuture(null), new SnapshotPolicy(1_000_000, 0, Long.MAX_VALUE),
                START, SnapshotPolicy.NO_SNAPSHOT);
        PeerNetwork network = new RecordingPeerNetwork(sent);
        raft = new RaftLoop("n1", engine, view, writer, network, apply, snapshots, writes,
                new LeaseClock(TimeUnit.MILLISECONDS.toNanos(300)), new NodeEvents("n1"), RaftMetrics.NONE,
                TimeUnit.MILLISECONDS.toNanos(10), t -> { });
        applyThread = new Thread(apply);
        raftThread = new Thread(raft);
        applyThread.start();
        raftThread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        raft.stop();
        apply.stop();
        raftThread.join(5000);
        applyThread.join(5000);
        writer.close();
        reads.shutdownNow();
    }

    private void script(Ready ready) {
        engine.readies.add(ready);
        raft.post(() -> { });
    }

    private static Ready soft(Role role, long term, String leader) {
        return new Ready(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                new SoftState(role, term, leader), 0);
    }

    private static Ready committed(Entry... entries) {
        return new Ready(null, null, List.of(), List.of(), List.of(), List.of(entries), List.of(), List.of(), null, 0);
    }

    @Test
    void aNewLeaderIsNotReadyForReadsBeforeAnEntryOfItsOwnTermCommits() {
        script(soft(Role.LEADER, 2, "n1"));
        await().until(raft::isLeader);
        assertThat(raft.leaderReady()).isFalse();
        script(committed(Entry.noop(5, 1)));
        await().until(() -> raft.commitIndex() == 5);
        assertThat(raft.leaderReady()).as("an older term's entry does not count").isFalse();
        script(committed(Entry.noop(6, 2)));
        await().until(raft::leaderReady);
        script(soft(Role.FOLLOWER, 3, "n2"));
        await().until(() -> !raft.isLeader());
        assertThat(raft.leaderReady()).isFalse();
    }

    @Test
    void losingLeadershipAnswersAppendedWritesWithTimeoutAndRedirectsLaterOnes() throws Exception {
        script(soft(Role.LEADER, 2, "n1"));
        await().until(raft::isLeader);
        CompletableFuture<RespValue> appended = new CompletableFuture<>();
        raft.propose(new PendingWrite(1, CommandPayload.encode(7, 1, new byte[][] {"SET".getBytes()}), appended));
        await().until(() -> engine.proposed.size() == 1);
        script(soft(Role.FOLLOWER, 3, "n2"));
        assertThat(appended.get(5, TimeUnit.SECONDS)).isEqualTo(Replies.TIMEOUT_UNKNOWN);
        await().until(() -> "n2".equals(raft.leaderId()));
        CompletableFuture<RespValue> late = new CompletableFuture<>();
        raft.propose(new PendingWrite(2, CommandPayload.encode(7, 2, new byte[][] {"SET".getBytes()}), late));
        ExecutionException redirected = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> late.get(5, TimeUnit.SECONDS));
        assertThat(redirected.getCause()).isInstanceOf(NotLeaderException.class);
        assertThat(((NotLeaderException) redirected.getCause()).leaderAddress()).isEqualTo("127.0.0.1:2");
        assertThat(engine.proposed).hasSize(1);
    }

    @Test
    void messagesThatPromisePersistedStateLeaveOnlyAfterTheWriterCallsBack() {
        Message vote = new Message.VoteResponse("n1", "n2", 2, true, false);
        Message heartbeat = new Message.Heartbeat("n1", "n3", 2, 0, 1);
        script(new Ready(new HardState(2, "n2"), null, List.of(new Entry(5, 2, io.raftboot.consensus.EntryType.NOOP, null)),
                List.of(heartbeat), List.of(vote), List.of(), List.of(), List.of(), null, 0));
        await().until(() -> sent.contains(vote));
        assertThat(sent.indexOf(heartbeat)).isLessThan(sent.indexOf(vote));
        await().until(() -> engine.persistedIndex == 5);
    }

    /**
     * A snapshot of this member's own finishing after the leader's newer one was installed changes
     * nothing: the log view keeps the newer snapshot and the engine hears of no compaction.
     */
    @Test
    void aSnapshotSupersededByAnInstalledOneIsIgnored() throws Exception {
        SnapshotMeta older = new SnapshotMeta(3, 1, START.configuration());
        CompletableFuture<Void> handled = new CompletableFuture<>();
        raft.post(() -> {
            raft.snapshotWritten(older, 0);
            handled.complete(null);
        });
        handled.get(10, TimeUnit.SECONDS);
        assertThat(view.snapshot()).isEqualTo(START);
        assertThat(view.firstIndex()).isEqualTo(5);
        assertThat(engine.compactions).isEmpty();
    }

    /** An engine whose output is scripted by the test. */
    static final class ScriptedEngine implements RaftEngine {
        final ConcurrentLinkedQueue<Ready> readies = new ConcurrentLinkedQueue<>();
        final List<List<byte[]>> proposed = new CopyOnWriteArrayList<>();
        volatile long persistedIndex;
        volatile Role role = Role.FOLLOWER;
        volatile long term = 1;
        volatile String leader;
        long nextIndex = 7;

        @Override
        public void tick() {
        }

        @Override
        public void step(Message message) {
        }

        @Override
        public ProposalResult propose(List<byte[]> commands) {
            proposed.add(commands);
            long first = nextIndex;
            nextIndex += commands.size();
            return new ProposalResult.Accepted(first, nextIndex - 1, term);
        }

        @Override
        public ProposalResult.Rejected readIndex(long requestId) {
            return null;
        }

        @Override
        public ProposalResult proposeConfigChange(ConfigChange change) {
            return new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, null);
        }

        @Override
        public ProposalResult.Rejected transferLeadership(String targetId) {
            return null;
        }

        @Override
        public ProposalResult.Rejected promoteWhenCaughtUp(String learnerId) {
            return null;
        }

        @Override
        public void persisted(long index, long term) {
            persistedIndex = index;
        }

        @Override
        public void skipCommitted(long index) {
            throw new UnsupportedOperationException("the loop under test never replays");
        }

        final List<SnapshotMeta> compactions = new CopyOnWriteArrayList<>();

        @Override
        public void compacted(SnapshotMeta snapshot) {
            compactions.add(snapshot);
        }

        @Override
        public void snapshotFailed(String peerId) {
        }

        @Override
        public Ready ready() {
            Ready next = readies.poll();
            if (next == null) {
                return Ready.EMPTY;
            }
            if (next.softState() != null) {
                role = next.softState().role();
                term = next.softState().term();
                leader = next.softState().leaderId();
            }
            return next;
        }

        @Override
        public RaftStatus status() {
            return new RaftStatus("n1", role, term, null, leader, 0, 6, term, 5, START, START.configuration(), null,
                    List.of());
        }
    }
}
