package io.raftboot.api;

/**
 * Runs one command. A write's handler runs on every member, on the apply thread, in log order, and
 * must be deterministic. A read's handler runs on the member that received it, once the consistency
 * check passed. The return value is the reply: null → null bulk, String/byte[] → bulk, an integral
 * number → integer, List/array → array, Map → flat array, {@link Status} → simple string. A
 * RuntimeException is the reply ({@link CommandException}); from a write it is the reply on every
 * member and the entry still counts as applied. An {@link Error} stops the node.
 */
@FunctionalInterface
public interface CommandHandler {
    Object handle(Command command, CommandContext context, Applier applier);
}
