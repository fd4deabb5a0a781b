package io.raftboot.spring.boot.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;

import io.raftboot.api.RaftNode;
import io.raftboot.api.SnapshotInfo;

/**
 * {@code /actuator/raftsnapshots}: backups over HTTP. {@code GET /actuator/raftsnapshots} lists the
 * snapshots this member keeps (as {@code RAFTSNAPSHOTS}), {@code GET /actuator/raftsnapshots/{id}}
 * downloads one whole file, ready for {@code raft.restore-from}. A snapshot holds the whole dataset,
 * so the endpoint is off by default, like heap dumps: switch it on with
 * {@code management.endpoint.raftsnapshots.access=read-only} and expose it.
 */
@WebEndpoint(id = "raftsnapshots", defaultAccess = Access.NONE)
public class RaftSnapshotsEndpoint {

    private final RaftNode node;

    public RaftSnapshotsEndpoint(RaftNode node) {
        this.node = node;
    }

    @ReadOperation
    public SnapshotList snapshots() {
        return new SnapshotList(node.id(), node.snapshots());
    }

    @ReadOperation(produces = "application/octet-stream")
    public WebEndpointResponse<Resource> download(@Selector String id) {
        SnapshotInfo snapshot = node.snapshots().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
        if (snapshot == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        InputStream data;
        try {
            data = node.openSnapshot(id);
        } catch (IOException e) {
            // removed by retention between the listing and the open
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(new InputStreamResource(data) {
            @Override
            public String getFilename() {
                return id + ".snap";
            }

            // known up front, so the stream is read once, by the response
            @Override
            public long contentLength() {
                return snapshot.size();
            }
        });
    }

    /** The JSON of the listing: this member's id and its snapshots, newest first. */
    public record SnapshotList(String nodeId, List<SnapshotInfo> snapshots) implements OperationResponseBody {
    }
}
