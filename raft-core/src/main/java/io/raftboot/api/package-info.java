/**
 * What users touch without Spring: start a member with {@code io.raftboot.RaftNodes.open}, give it a
 * {@link io.raftboot.api.StateMachine}, close it when done. A small replicated key-value store:
 *
 * <pre>{@code
 * final class Kv implements StateMachine {
 *     private Map<String, byte[]> data = new HashMap<>();
 *
 *     public List<CommandSpec> commands() {
 *         return List.of(
 *             CommandSpec.write("SET", 3, (cmd, ctx) -> { data.put(cmd.string(1), cmd.arg(2)); return Status.OK; }),
 *             CommandSpec.read("GET", 2, cmd -> data.get(cmd.string(1))));
 *     }
 *
 *     public SnapshotWriter snapshot() {          // apply thread: capture a point-in-time view
 *         Map<String, byte[]> view = new HashMap<>(data);
 *         return out -> write(view, out);         // another thread streams it
 *     }
 *
 *     public void restore(InputStream in) throws IOException { data = read(in); }
 * }
 *
 * try (RaftNode node = RaftNodes.open(RaftOptions.builder().nodeId("n1").port(7481).build(), new Kv())) {
 *     // redis-cli -p 7481 SET k v
 * }
 * }</pre>
 *
 * <p>Threading: writes run on every member, on one apply thread, in log order; reads run on the member
 * that received them after the consistency check ({@link io.raftboot.api.Consistency}); validators
 * run on network threads before anything is logged. {@link io.raftboot.api.Applier} separates the
 * replicated mutation from the reply, which is built only where the client is connected.
 */
package io.raftboot.api;
