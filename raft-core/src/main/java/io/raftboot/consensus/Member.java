package io.raftboot.consensus;

import java.util.Objects;

/**
 * A member of the cluster configuration. The address is opaque to consensus; the runtime uses it to
 * reach the member and to tell clients where the leader is.
 */
public record Member(String id, String address, boolean voter) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }

    public Member asVoter() {
        return voter ? this : new Member(id, address, true);
    }
}
