/**
 * Raft messages between members, on the same port as RESP clients.
 *
 * <ul>
 *   <li>{@link io.raftboot.transport.MessageCodec}: the versioned binary encoding of consensus messages.</li>
 *   <li>{@link io.raftboot.transport.PeerProtocol}: the commands ({@code RAFT.CHALLENGE}, {@code RAFT.HELLO},
 *   {@code RAFT.MSG}, {@code RAFT.SNAPBEGIN/SNAPCHUNK/SNAPEND}) and the handshake.</li>
 *   <li>Server side: one {@link io.raftboot.transport.PeerCommandHandler} per connection, right after the RESP
 *   decoder; it hands messages to a {@link io.raftboot.transport.PeerMessageSink} and snapshot bytes to a
 *   {@link io.raftboot.transport.SnapshotReceiver}.</li>
 *   <li>Client side: {@link io.raftboot.transport.PeerTransport}: {@code updatePeers(id -> host:port)},
 *   {@code send(messages)} (non-blocking, from the raft thread), {@code sendSnapshot(install, source)}.</li>
 * </ul>
 */
package io.raftboot.transport;
