package io.raftboot.command;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.resp.CommandNameTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every command this node serves, by lower-case name: the state machine's and the built-ins. */
public final class CommandTable {

    /** One entry: exactly one of {@code user} and {@code builtin} is set. */
    public record Entry(String name, int arity, List<String> flags, int firstKey, int lastKey, int keyStep,
                        CommandSpec user, Builtin builtin) {

        public boolean isUserRead() {
            return user != null && user.kind() == CommandKind.READ;
        }

        public boolean isUserWrite() {
            return user != null && user.kind() == CommandKind.WRITE;
        }

        public boolean acceptsArgumentCount(int count) {
            return arity > 0 ? count == arity : count >= -arity;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** The same entries, looked up from a request's name bytes in any case without allocating. */
    private final CommandNameTable<Entry> byRawName;

    public CommandTable(Collection<CommandSpec> userCommands, Collection<Builtin> builtins) {
        for (Builtin b : builtins) {
            String name = b.name().toLowerCase(Locale.ROOT);
            entries.put(name, new Entry(name, b.arity(), b.flags(), 0, 0, 0, null, b));
        }
        for (CommandSpec spec : userCommands) {
            String name = spec.lowerName();
            if (entries.containsKey(name)) {
                throw new IllegalArgumentException("command " + spec.name() + " is defined twice or clashes with a built-in");
            }
            List<String> flags = new ArrayList<>();
            flags.add(spec.kind() == CommandKind.WRITE ? "write" : "readonly");
            spec.flags().stream().sorted().forEach(flags::add);
            entries.put(name, new Entry(name, spec.arity(), flags, spec.firstKey(), spec.lastKey(), spec.keyStep(),
                    spec, null));
        }
        byRawName = CommandNameTable.of(entries);
    }

    /** Looks up a command name as sent (any case). */
    public Entry lookup(byte[] rawName) {
        return byRawName.get(rawName);
    }

    /** Looks up a command name in any ASCII case (as Redis matches names). */
    public Entry lookup(String name) {
        return byRawName.get(name);
    }

    /** Commands that {@code COMMAND} lists (peer RPCs are never in this table, internal ones not listed). */
    public Collection<Entry> all() {
        List<Entry> listed = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!HIDDEN.contains(e.name())) {
                listed.add(e);
            }
        }
        return Collections.unmodifiableList(listed);
    }

    private static final java.util.Set<String> HIDDEN = java.util.Set.of(RaftCommands.FORWARD, RaftCommands.MEMBERS,
            io.raftboot.transaction.TransactionSpecs.EXEC, io.raftboot.transaction.TransactionSpecs.EXEC_READS);
}
