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
 *
 * <p>It asks until it is a voter, a refusal that no retry can change, or the node closes. Giving
 * up after {@code raft.join-timeout} would leave a learner in the cluster's configuration that
 * nobody promotes; asking again instead resumes its promotion on whichever member leads by then.
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
        Duration callTimeout = options.joinTimeout().plus(options.electionTimeout().multipliedBy(2));
        int attempts = 0;
        while (!stopped) {
            attempts++;
            try {
                try (BlockingRespClient client = new BlockingRespClient(target, options.electionTimeout().multipliedBy(4),
                        parts.outboundTls)) {
                    if (options.password().isPresent()) {
                        client.call("AUTH", options.password().get());
                    }
                    learnFrom(client.call("RAFTSTATS"));
                }
                // a connection of its own: RAFTADDPEER may wait for the whole join timeout
                try (BlockingRespClient adder = new BlockingRespClient(target, callTimeout, parts.outboundTls)) {
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
                        if (code.equals("TIMEOUT")) {
                            log.warn("{} is still a learner after raft.join-timeout ({}): asking {} again until it "
                                    + "is promoted", parts.nodeId, options.joinTimeout(), target);
                        } else {
                            log.info("{} join through {} not done yet: {}", parts.nodeId, target, error.text());
                        }
                    }
                }
            } catch (IOException e) {
                // the first attempts, then every 30th: a wrong address stays visible without flooding the log
                if (attempts <= 3 || attempts % 30 == 0) {
                    log.info("{} cannot reach {} to join yet (attempt {}): {}", parts.nodeId, target, attempts,
                            e.toString());
                }
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
