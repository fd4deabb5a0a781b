package io.raftboot.node;

import io.raftboot.api.RaftOptions;
import io.raftboot.resp.RespValue;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a member with an empty data dir bootstraps from {@code raft.peers}, it asks the peers
 * whether a cluster already lists its id as a member that has run (a peer heard from it, or the
 * leader replicated entries to it): then its data was lost (it may have voted in a term it no
 * longer remembers), and it must not come back under that id. Peers that merely bootstrapped the
 * same configuration at the same time do not count. What peers remember of each other is kept in
 * memory, so the check cannot see a loss that happened before the whole cluster restarted.
 */
final class PeersCheck {
    private static final Logger log = LoggerFactory.getLogger(PeersCheck.class);

    private PeersCheck() {
    }

    static void refuseIfListed(String nodeId, RaftOptions options, io.raftboot.tls.OutboundTls tls) {
        Duration timeout = options.electionTimeout().multipliedBy(2);
        for (RaftOptions.Peer peer : options.peers()) {
            if (peer.id().equals(nodeId)) {
                continue;
            }
            try (BlockingRespClient client = new BlockingRespClient(peer.address(), timeout, tls)) {
                if (options.password().isPresent()) {
                    client.call("AUTH", options.password().get());
                }
                RespValue reply = client.call("RAFTMEMBERS"); // served by the command layer's RaftCommands
                if (reply instanceof RespValue.ArrayReply array && array.values() != null && array.values().size() == 2
                        && array.values().get(1) instanceof RespValue.ArrayReply members && members.values() != null) {
                    for (RespValue member : members.values()) {
                        if (member instanceof RespValue.ArrayReply m && m.values().size() >= 4
                                && m.values().get(0) instanceof RespValue.BulkString id && nodeId.equals(id.asString())
                                && m.values().get(3) instanceof RespValue.IntegerReply participated
                                && participated.value() == 1) {
                            throw new IllegalStateException("member data lost: remove it, then join with a new id ("
                                    + peer + " already lists '" + nodeId + "' in cluster "
                                    + ((RespValue.BulkString) array.values().get(0)).asString() + ")");
                        }
                    }
                }
            } catch (IOException e) {
                log.debug("peer {} not reachable for the start-up check: {}", peer, e.toString());
            }
        }
    }
}
