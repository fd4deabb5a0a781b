package io.raftboot.consensus.sim;

/** A node's answer to a client: a result, or a definite refusal naming the leader when known. */
record ClientReply(boolean ok, Object result, String leaderHint) {
    static ClientReply success(Object result) {
        return new ClientReply(true, result, null);
    }

    static ClientReply refused(String leaderHint) {
        return new ClientReply(false, null, leaderHint);
    }
}
