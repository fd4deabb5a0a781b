package io.raftboot.sample.differential;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.NullArray;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import io.raftboot.sample.KeyspaceStateMachine;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachineFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sample's state machine as the starter binds it, applying each command at once as a one-member
 * log would, with replies in the same plain form as {@link RespClient}'s: null, Long, String (bulk),
 * "+status", "-error" and lists of those.
 */
final class InProcessMember {


    private final StateMachine machine = AnnotatedStateMachineFactory.create(new KeyspaceStateMachine());
    private final Map<String, CommandSpec> specs = machine.commands().stream()
            .collect(Collectors.toMap(CommandSpec::lowerName, s -> s));
    private long index;

    Object run(long time, List<String> args) {
        Command command = Command.of(args.toArray(String[]::new));
        String name = args.get(0).toLowerCase(Locale.ROOT);
        CommandSpec spec = specs.get(name);
        if (spec == null) {
            return "-ERR unknown command '" + args.get(0) + "'";
        }
        if (!spec.acceptsArgumentCount(command.size())) {
            return "-ERR wrong number of arguments for '" + name + "' command";
        }
        try {
            spec.validator().validate(command);
            index++;
            CommandContext ctx = new CommandContext(index, 1, time, CommandContext.seedFor(index, 1), true);
            return plain(spec.handler().handle(command, ctx, Applier.immediate()));
        } catch (RuntimeException e) {
            String message = e.getMessage();
            boolean hasCode = message != null && !message.isEmpty() && message.split(" ", 2)[0].chars()
                    .allMatch(c -> c >= 'A' && c <= 'Z');
            return "-" + (hasCode ? message : "ERR " + message);
        }
    }

    private static Object plain(Object reply) {
        if (reply instanceof NullArray) {
            return null; // RespClient reads *-1 as null too
        }
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof Status status) {
            return "+" + status.text();
        }
        if (reply instanceof Integer i) {
            return (long) i;
        }
        if (reply instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(plain(o));
            }
            return out;
        }
        return reply;
    }
}
