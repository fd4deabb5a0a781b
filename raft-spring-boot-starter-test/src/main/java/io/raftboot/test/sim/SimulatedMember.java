package io.raftboot.test.sim;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.StateMachine;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.consensus.sim.History;
import io.raftboot.consensus.sim.SimStateMachine;
import io.raftboot.consensus.sim.SimulationFailure;
import io.raftboot.consensus.sim.SnapshotData;
import io.raftboot.node.CommandPayload;
import io.raftboot.test.determinism.Replica;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The user's state machine on one simulated member, driven as the runtime's apply thread drives it
 * (the same payload format, context and timestamp rule), and compared with the other members'
 * through the {@link AgreementLedger} after every entry and every snapshot it restores.
 */
final class SimulatedMember implements SimStateMachine {
    /** Simulated clocks start at 0; handlers see plausible epoch milliseconds. */
    static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private final String member;
    private final StateMachine stateMachine;
    private final Replica replica;
    private final AgreementLedger ledger;
    private long appliedIndex;
    private long appliedTerm;
    private Configuration configuration;
    /** As the runtime's apply loop: never below the previous entry's, from 0 at process start, not in a snapshot. */
    private long lastTimestamp;

    SimulatedMember(String member, StateMachine stateMachine, AgreementLedger ledger, SnapshotData snapshot) {
        this.member = member;
        this.stateMachine = stateMachine;
        this.replica = new Replica(stateMachine);
        this.ledger = ledger;
        restore(snapshot);
    }

    /** Replaces the state with a snapshot's, on this same instance, as the runtime does. */
    void restore(SnapshotData snapshot) {
        SnapshotMeta meta = snapshot.meta();
        appliedIndex = meta.index();
        appliedTerm = meta.term();
        configuration = meta.configuration();
        if (snapshot.content() == null) {
            return; // the empty state the cluster starts from
        }
        try {
            stateMachine.restore(new ByteArrayInputStream((byte[]) snapshot.content()));
        } catch (IOException e) {
            throw new UncheckedIOException("restore of the snapshot at index " + meta.index() + " failed", e);
        }
        ledger.agree(appliedIndex, member, "restoring the snapshot taken there", null, replica.snapshot());
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public long appliedTerm() {
        return appliedTerm;
    }

    @Override
    public Object apply(Entry entry, boolean local) {
        if (entry.index() != appliedIndex + 1) {
            throw new SimulationFailure.Violation("apply-order", member + " applied entry " + entry.index()
                    + " after " + appliedIndex + " (entries must be applied in order, once)");
        }
        Reply reply = null;
        String what = entry.type().toString().toLowerCase(Locale.ROOT) + " entry";
        if (entry.type() == EntryType.COMMAND) {
            CommandPayload payload = CommandPayload.decode(entry.data());
            lastTimestamp = Math.max(lastTimestamp, payload.timestampMillis());
            Command command = new Command(payload.args());
            what = command.toString();
            reply = run(command, new CommandContext(entry.index(), entry.term(), lastTimestamp,
                    CommandContext.seedFor(entry.index(), entry.term()), local));
        } else if (entry.type() == EntryType.CONFIGURATION) {
            configuration = ConfigurationCodec.decode(entry.data());
        }
        appliedIndex = entry.index();
        appliedTerm = entry.term();
        ledger.agree(appliedIndex, member, "#" + appliedIndex + " " + what, reply == null ? null : reply.toString(),
                replica.snapshot());
        return reply;
    }

    @Override
    public Object read(History.Op op, long localMillis) {
        return run((Command) op.request(), new CommandContext(appliedIndex, appliedTerm, EPOCH_MILLIS + localMillis,
                CommandContext.seedFor(appliedIndex, appliedTerm), true));
    }

    /** A command the state machine does not serve (the simulator's probe) is refused, as the runtime does. */
    private Reply run(Command command, CommandContext context) {
        if (replica.spec(command.name()) == null) {
            return Reply.error("ERR unknown command '" + command.name() + "'");
        }
        try {
            return Reply.of(Replica.text(replica.execute(command, context)));
        } catch (RuntimeException e) {
            return Reply.error(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public SnapshotData snapshot() {
        return new SnapshotData(new SnapshotMeta(appliedIndex, appliedTerm, configuration), replica.snapshot());
    }
}
