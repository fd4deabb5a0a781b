package io.raftboot.node;

import io.raftboot.api.RaftOptions;
import io.raftboot.resp.RespValue;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new member asks the cluster to add it ({@code RAFTADDPEER}), following {@code -TRY}/{@code -MOVED}
 * redirects to the leader, then waits to be contacted as a learner. The cluster id is learned from
 * the member it talks to and saved.
 */
final class JoinProcedure implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(JoinProcedure.class);
    private final NodeParts parts;
    private volatile BlockingRespClient current;
    private volatile boolean stopped;
    /** Opens when the node closes, so a wait between attempts ends at once. */
    private final CountDownLatch stopping = new CountDownLatch(1);

    JoinProcedure(NodeParts parts) {
        this.parts = parts;
    }

    @Override
    public void run() {
        RaftOptions options = parts.options;
        String target = options.join().orElseThrow();
        long deadline = System.nanoTime() + options.joinTimeout().toNanos();
        Duration callTimeout = options.joinTimeout().plus(options.electionTimeout().multipliedBy(2));
        while (!stopped && System.nanoTime() - deadline < 0) {
            try {
                try (BlockingRespClient client = new BlockingRespClient(target, options.electionTimeout().multipliedBy(4))) {
                    if (options.password().isPresent()) {
                        client.call("AUTH", options.password().get());
                    }
                    learnFrom(client.call("RAFTSTATS"));
                }
                // a connection of its own: RAFTADDPEER may wait for the whole join timeout
                try (BlockingRespClient adder = new BlockingRespClient(target, callTimeout)) {
                    current = adder;
                    if (stopped) {
                        return;
                    }
                    if (options.password().isPresent()) {
                        adder.call("AUTH", options.password().get());
                    }
                    RespValue reply = adder.call("RAFTADDPEER", parts.advertise, parts.nodeId);
                    if (reply instanceof RespValue.SimpleString) {
                        log.info("{} joined the cluster through {}", parts.nodeId, target);
                        return;
                    }
                    if (reply instanceof RespValue.ErrorReply error) {
                        String code = error.code();
                        if (code.equals("TRY") || code.equals("MOVED")) {
                            String[] words = error.text().split(" ");
                            target = words[words.length - 1];
                            continue;
                        }
                        if (!code.equals("CLUSTERDOWN") && !code.equals("LOADING") && !code.equals("TIMEOUT")) {
                            log.error("{} cannot join through {}: {}", parts.nodeId, target, error.text());
                            return;
                        }
                        log.info("{} join through {} not done yet: {}", parts.nodeId, target, error.text());
                    }
                }
            } catch (IOException e) {
                log.info("{} cannot reach {} to join yet: {}", parts.nodeId, target, e.toString());
            }
            try {
                if (stopping.await(options.electionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The node is closing: gives up, and unblocks a RAFTADDPEER still waiting for its reply. */
    void stop() {
        stopped = true;
        stopping.countDown();
        BlockingRespClient client = current;
        if (client != null) {
            client.close();
        }
    }

    /** Learns the cluster id, and the id and address of the member asked, so that its messages can be answered. */
    private void learnFrom(RespValue stats) {
        if (!(stats instanceof RespValue.ArrayReply array) || array.values() == null) {
            return;
        }
        Map<String, String> fields = new HashMap<>();
        List<RespValue> values = array.values();
        for (int i = 0; i + 1 < values.size(); i += 2) {
            if (values.get(i) instanceof RespValue.BulkString key && values.get(i + 1) instanceof RespValue.BulkString value) {
                fields.put(key.asString(), value.asString());
            }
        }
        String clusterId = fields.get("cluster_id");
        if (clusterId != null && !clusterId.isEmpty() && parts.clusterId.get() == null) {
            parts.meta.saveClusterId(clusterId);
            parts.clusterId.set(clusterId);
        }
        String id = fields.get("id");
        String address = fields.get("address");
        if (id != null && address != null && !id.isEmpty() && !address.isEmpty()) {
            parts.raft.addKnownPeer(id, address);
        }
        String leaderId = fields.get("leader_id");
        String leader = fields.get("leader");
        if (leaderId != null && leader != null && !leaderId.isEmpty() && !leader.isEmpty()) {
            parts.raft.addKnownPeer(leaderId, leader);
        }
    }
}
