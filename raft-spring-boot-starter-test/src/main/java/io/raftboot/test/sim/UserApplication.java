package io.raftboot.test.sim;

import io.raftboot.api.Command;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.StateMachine;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.sim.History;
import io.raftboot.consensus.sim.OpKind;
import io.raftboot.consensus.sim.SimApplication;
import io.raftboot.consensus.sim.SimStateMachine;
import io.raftboot.consensus.sim.SnapshotData;
import io.raftboot.node.CommandPayload;
import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;
import io.raftboot.test.lin.CheckResult;
import io.raftboot.test.lin.Linearizability;
import io.raftboot.test.lin.Model;
import io.raftboot.test.lin.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One simulated run of the user's state machine: a new instance per member process, commands drawn
 * from the workload and routed by their declared kind (a write is logged, a read is served by the
 * member asked, after the consistency check), and the client history checked against the model.
 */
final class UserApplication implements SimApplication {
    /** Proposed by the simulator to prove liveness; no state machine serves it, so it changes nothing. */
    private static final Command PROBE = Command.of("raftboot.simulator.probe");

    private final Supplier<? extends StateMachine> stateMachines;
    private final Workload workload;
    private final Model model;
    private final DeclaredCommands commands;
    private final AgreementLedger ledger = new AgreementLedger();
    private long operations;
    private long acknowledged;

    UserApplication(Supplier<? extends StateMachine> stateMachines, Workload workload, Model model, DeclaredCommands commands) {
        this.stateMachines = stateMachines;
        this.workload = workload;
        this.model = model;
        this.commands = commands;
    }

    @Override
    public SimStateMachine start(String member, SnapshotData snapshot) {
        return new SimulatedMember(member, stateMachines.get(), ledger, snapshot);
    }

    @Override
    public SimStateMachine install(SimStateMachine current, SnapshotData snapshot) {
        ((SimulatedMember) current).restore(snapshot);
        return current;
    }

    @Override
    public History.Op nextOp(History history, int client, long sequence, SplittableRandom random, long now) {
        return history.invoke(client, commands.checked(workload.next(random)), now);
    }

    @Override
    public boolean isRead(History.Op op) {
        return op.kind() == OpKind.COMMAND && commands.kindOf((Command) op.request()) == CommandKind.READ;
    }

    @Override
    public byte[] encode(History.Op op, long leaderMillis) {
        Command command = op.kind() == OpKind.COMMAND ? (Command) op.request() : PROBE;
        byte[] payload = CommandPayload.encode(0, op.id(), command);
        CommandPayload.stamp(payload, SimulatedMember.EPOCH_MILLIS + leaderMillis);
        return payload;
    }

    @Override
    public long opId(Entry entry) {
        return CommandPayload.decode(entry.data()).requestId();
    }

    @Override
    public String checkHistory(List<History.Op> ops) {
        List<Operation> history = new ArrayList<>();
        for (History.Op op : ops) {
            if (op.kind() == OpKind.COMMAND) {
                history.add(toOperation(op));
            }
        }
        operations = history.size();
        acknowledged = history.stream().filter(Operation::observed).count();
        CheckResult result = Linearizability.check(history, model);
        return result.verdict() == Verdict.LINEARIZABLE ? null : result.describe();
    }

    /** Client commands of the finished run (the simulator's probes left out). */
    long operations() {
        return operations;
    }

    long acknowledged() {
        return acknowledged;
    }

    /** In the kit's history format: key and input are the arguments after the name, times simulated. */
    static Operation toOperation(History.Op op) {
        Command command = (Command) op.request();
        String key = command.size() > 1 ? command.string(1) : "";
        String input = command.size() > 2 ? command.string(2) : null;
        Outcome outcome = switch (op.outcome()) {
            case OK -> ((Reply) op.result()).error() ? Outcome.FAIL : Outcome.OK;
            case FAILED -> Outcome.FAIL;
            case UNKNOWN, PENDING -> Outcome.UNKNOWN;
        };
        String output = outcome == Outcome.OK ? ((Reply) op.result()).text() : null;
        long invoked = op.call() * 1000;
        long completed = outcome == Outcome.UNKNOWN ? invoked : op.ret() * 1000;
        return new Operation(op.id(), op.client(), key, command.name(), input, outcome, output, invoked, completed);
    }

    /** The declared kind of each command, from one instance of the state machine. */
    static final class DeclaredCommands {
        private final List<CommandSpec> specs;

        DeclaredCommands(StateMachine sample) {
            this.specs = List.copyOf(sample.commands());
        }

        CommandKind kindOf(Command command) {
            return spec(command).kind();
        }

        /** The command, if the state machine serves it with that many arguments (else the runtime refuses it unlogged). */
        Command checked(Command command) {
            CommandSpec spec = spec(command);
            if (!spec.acceptsArgumentCount(command.size())) {
                throw new IllegalArgumentException("the workload drew '" + command + "', but " + spec.name()
                        + " takes arity " + spec.arity());
            }
            return command;
        }

        private CommandSpec spec(Command command) {
            for (CommandSpec spec : specs) {
                if (spec.name().equalsIgnoreCase(command.name())) {
                    return spec;
                }
            }
            throw new IllegalArgumentException("the workload drew '" + command + "', a command the state machine does"
                    + " not serve");
        }
    }
}
