/**
 * A seeded, single-threaded, deterministic simulator for the consensus engine.
 *
 * <p>{@link io.raftboot.consensus.sim.Simulation} runs one seed: {@code SimNode}s (a simulated
 * runtime around each {@link io.raftboot.consensus.RaftEngine}: Ready execution with a delayed,
 * crash-lossy write queue, a key-value state machine, snapshots with trailing entries, ReadIndex and
 * lease reads, pauses and restarts), a {@code SimNetwork} (delay, drop, duplicate, reorder,
 * stragglers, symmetric and one-way partitions), {@code SimClient}s recording a {@code History}, and
 * a nemesis that crashes, pauses, partitions, changes membership and transfers leadership. Safety is
 * checked as events happen ({@code Invariants}); at the end the cluster is healed, a proposal must
 * commit and every member must catch up within bounds, and the history must pass the
 * {@code LinearizabilityChecker}.
 *
 * <p>What the members replicate is a {@code SimApplication}: by default {@code KvApplication}
 * (counters on three keys, checked by the {@code LinearizabilityChecker}); the test kit's simulator
 * mode plugs in a user's state machine, which is why the entry points are public and raft-core
 * publishes this package as a test-jar.
 *
 * <p>Everything derives from the seed (SplittableRandom, an event queue ordered by time then
 * insertion, no wall clock, no threads, no iteration over hash order), so a seed replays exactly.
 * See {@code SimulationTest} for the command-line switches and {@code FINDINGS.md} for what it found.
 */
package io.raftboot.consensus.sim;
