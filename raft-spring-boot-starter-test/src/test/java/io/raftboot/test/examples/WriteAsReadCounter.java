package io.raftboot.test.examples;

import io.raftboot.api.CommandSpec;
import java.util.List;

/**
 * A deliberate bug for the kit's own tests: INCR is declared a read, so it changes only the state
 * of the member that answers it and never reaches the log. It works on one leader, and loses every
 * increment when leadership moves.
 */
public class WriteAsReadCounter extends Counter {
    @Override
    public List<CommandSpec> commands() {
        return List.of(
                CommandSpec.read("INCR", 2, command -> counts.merge(command.string(1), 1L, Long::sum)),
                CommandSpec.read("GET", 2, command -> {
                    Long value = counts.get(command.string(1));
                    return value == null ? null : value.toString();
                }));
    }
}
