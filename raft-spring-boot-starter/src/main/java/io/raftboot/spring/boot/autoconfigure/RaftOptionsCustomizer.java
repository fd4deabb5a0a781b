package io.raftboot.spring.boot.autoconfigure;

import io.raftboot.api.RaftOptions;

/**
 * Adjusts the node's options after the {@code raft.*} properties were applied and before they are
 * validated: define beans of this type for settings that properties cannot express.
 */
@FunctionalInterface
public interface RaftOptionsCustomizer {

    void customize(RaftOptions.Builder builder);
}
