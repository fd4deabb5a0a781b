package io.raftboot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.ProposalResult;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.consensus.ReadState;
import io.raftboot.consensus.Ready;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves the simulator's checks can fail: engines broken on purpose must be caught within a few
 * seeds, with the property they break named.
 */
class BrokenEngineTest {

    /** Answers every read at once from local state, leader or not: stale reads. */
    static final class StaleReads extends ForwardingEngine {
        private final List<ReadState> released = new ArrayList<>();

        StaleReads(RaftEngine delegate) {
            super(delegate);
        }

        @Override
        public ProposalResult.Rejected readIndex(long requestId) {
            released.add(new ReadState(requestId, 0));
            return null;
        }

        @Override
        public Ready ready() {
            Ready ready = delegate.ready();
            if (released.isEmpty()) {
                return ready;
            }
            List<ReadState> reads = new ArrayList<>(ready.reads());
            reads.addAll(released);
            released.clear();
            return new Ready(ready.hardState(), ready.snapshot(), ready.entries(), ready.messages(),
                    ready.messagesAfterPersist(), ready.committed(), reads, ready.abortedReads(), ready.softState(),
                    ready.leaseRound());
        }
    }

    /** Hands one node a corrupted copy of a committed command (a lost and replaced committed entry). */
    static final class CorruptsCommitted extends ForwardingEngine {
        private boolean done;

        CorruptsCommitted(RaftEngine delegate) {
            super(delegate);
        }

        @Override
        public Ready ready() {
            Ready ready = delegate.ready();
            if (done || ready.committed().isEmpty()) {
                return ready;
            }
            List<Entry> committed = new ArrayList<>();
            for (Entry entry : ready.committed()) {
                if (!done && entry.type() == EntryType.COMMAND && entry.index() >= 8) {
                    KvCommand original = KvCommand.decode(entry.data());
                    KvCommand forged = new KvCommand(original.opId(), OpKind.PUT, original.key(), 424242);
                    committed.add(new Entry(entry.index(), entry.term(), EntryType.COMMAND, forged.encode()));
                    done = true;
                } else {
                    committed.add(entry);
                }
            }
            return new Ready(ready.hardState(), ready.snapshot(), ready.entries(), ready.messages(),
                    ready.messagesAfterPersist(), committed, ready.reads(), ready.abortedReads(), ready.softState(),
                    ready.leaseRound());
        }
    }

    /** Never hands out its term and vote for persisting: a restart forgets the vote it cast. */
    static final class ForgetsVotes extends ForwardingEngine {
        ForgetsVotes(RaftEngine delegate) {
            super(delegate);
        }

        @Override
        public Ready ready() {
            Ready ready = delegate.ready();
            if (ready.hardState() == null) {
                return ready;
            }
            return new Ready(null, ready.snapshot(), ready.entries(), ready.messages(),
                    ready.messagesAfterPersist(), ready.committed(), ready.reads(), ready.abortedReads(),
                    ready.softState(), ready.leaseRound());
        }
    }

    /**
     * Reports every heartbeat round as acknowledged by a quorum one turn after sending it, whether or
     * not anyone answered: a lease that renews itself. A leader cut off or paused keeps serving lease
     * reads until check-quorum deposes it, while the others have elected a leader and moved on. (The
     * real engine passes the same seeds: {@code SimulationTest} runs PAUSE with lease reads.)
     */
    static final class LeaseWithoutQuorum extends ForwardingEngine {
        private long lastRoundSent;
        private long lastRoundClaimed;

        LeaseWithoutQuorum(RaftEngine delegate) {
            super(delegate);
        }

        @Override
        public Ready ready() {
            Ready ready = delegate.ready();
            long claimed = ready.leaseRound();
            if (claimed >= 0 && lastRoundSent > Math.max(claimed, lastRoundClaimed)) {
                claimed = lastRoundSent;
                lastRoundClaimed = lastRoundSent;
            }
            for (Message m : ready.messages()) {
                if (m instanceof Message.Heartbeat heartbeat) {
                    lastRoundSent = Math.max(lastRoundSent, heartbeat.round());
                }
            }
            if (claimed == ready.leaseRound()) {
                return ready;
            }
            return new Ready(ready.hardState(), ready.snapshot(), ready.entries(), ready.messages(),
                    ready.messagesAfterPersist(), ready.committed(), ready.reads(), ready.abortedReads(),
                    ready.softState(), claimed);
        }
    }

    private static SimulationFailure firstFailure(Set<Fault> faults, EngineFactory factory, int seeds) {
        return firstFailure(faults, factory, seeds, false);
    }

    private static SimulationFailure firstFailure(Set<Fault> faults, EngineFactory factory, int seeds, boolean leaseReads) {
        for (long seed = 1; seed <= seeds; seed++) {
            try {
                new Simulation(SimOptions.of(seed, faults, factory).withLeaseReads(leaseReads)).run();
            } catch (SimulationFailure failure) {
                return failure;
            }
        }
        return null;
    }

    @Test
    void staleReadsAreCaughtByTheLinearizabilityCheck() {
        EngineFactory broken = (config, log, hardState, random) ->
                new StaleReads(EngineFactory.real().open(config, log, hardState, random));
        SimulationFailure failure = firstFailure(EnumSet.of(Fault.PARTITION, Fault.REORDER), broken, 40);
        assertThat(failure).as("a stale-read engine must fail some seed").isNotNull();
        assertThat(failure.property()).isEqualTo("linearizability");
        assertThat(failure.getMessage()).contains("replay: mvn").contains("-Dsim.seed=" + failure.seed());
    }

    @Test
    void aLeaseRenewedWithoutAQuorumIsCaughtByTheLinearizabilityCheck() {
        EngineFactory broken = (config, log, hardState, random) ->
                new LeaseWithoutQuorum(EngineFactory.real().open(config, log, hardState, random));
        // a paused leader wakes up, renews its own lease and reads its stale state
        SimulationFailure failure = firstFailure(EnumSet.of(Fault.PAUSE), broken, 60, true);
        assertThat(failure).as("an engine that grants itself leases must fail some seed").isNotNull();
        assertThat(failure.property()).isEqualTo("linearizability");
    }

    @Test
    void forgottenVotesAreCaught() {
        EngineFactory broken = (config, log, hardState, random) ->
                new ForgetsVotes(EngineFactory.real().open(config, log, hardState, random));
        SimulationFailure failure = firstFailure(EnumSet.of(Fault.CRASH, Fault.PARTITION, Fault.REORDER), broken, 60);
        assertThat(failure).as("an engine whose votes do not survive restarts must fail some seed").isNotNull();
        assertThat(failure.property()).isIn("term-before-persist", "vote-before-persist", "election-safety",
                "leader-completeness", "log-matching",
                "state-machine-safety", "committed-entry-overwritten", "linearizability");
    }

    @Test
    void aCorruptedCommittedEntryIsCaughtByStateMachineSafety() {
        EngineFactory broken = (config, log, hardState, random) -> {
            RaftEngine real = EngineFactory.real().open(config, log, hardState, random);
            return config.id().equals("n2") ? new CorruptsCommitted(real) : real;
        };
        SimulationFailure failure = firstFailure(EnumSet.noneOf(Fault.class), broken, 10);
        assertThat(failure).as("a corrupted committed entry must be caught").isNotNull();
        assertThat(failure.property()).isEqualTo("state-machine-safety");
    }
}
