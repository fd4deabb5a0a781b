package io.raftboot.api;

import io.raftboot.node.RaftNodeImpl;

/** Test fixture only: an api class depending on the node, which {@code PackageArrowsTest} must refuse. */
public final class BackwardsArrow {
    RaftNodeImpl node;
}
