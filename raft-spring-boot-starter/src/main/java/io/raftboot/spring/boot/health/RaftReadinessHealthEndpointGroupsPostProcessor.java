package io.raftboot.spring.boot.health;

import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Puts the {@code raft} contributor into the {@code readiness} group (unless the application
 * excludes it there explicitly), and keeps it out of the {@code liveness} group whatever that group
 * includes: a member that cannot serve should receive no traffic, but must not be restarted for it
 * (restarting does not bring a leader back).
 * <p>
 * Runs last, after Boot has created the availability probe groups.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
public class RaftReadinessHealthEndpointGroupsPostProcessor implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";
    static final String LIVENESS = "liveness";

    static final String READINESS_EXCLUDE = "management.endpoint.health.group.readiness.exclude";

    private final String contributorName;
    private final boolean joinReadiness;

    /**
     * @param readinessExclusions what the application excludes from the readiness group
     */
    public RaftReadinessHealthEndpointGroupsPostProcessor(String contributorName, Set<String> readinessExclusions) {
        this.contributorName = contributorName;
        this.joinReadiness = !readinessExclusions.contains(contributorName);
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return new RaftAwareGroups(groups, contributorName, joinReadiness);
    }

    private record RaftAwareGroups(HealthEndpointGroups delegate, String contributorName, boolean joinReadiness)
            implements HealthEndpointGroups, AdditionalPathsMapper {

        @Override
        public HealthEndpointGroup getPrimary() {
            return delegate.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return delegate.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = delegate.get(name);
            if (group == null) {
                return null;
            }
            if (READINESS.equals(name) && joinReadiness) {
                return new MembershipOverride(group, contributorName, true);
            }
            if (LIVENESS.equals(name)) {
                return new MembershipOverride(group, contributorName, false);
            }
            return group;
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            if (delegate instanceof AdditionalPathsMapper mapper) {
                return mapper.getAdditionalPaths(endpointId, webServerNamespace);
            }
            return List.of();
        }
    }

    /** A group whose membership of one contributor is fixed; everything else as the original. */
    private record MembershipOverride(HealthEndpointGroup delegate, String contributorName, boolean member)
            implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return contributorName.equals(name) ? member : delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return delegate.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return delegate.getAdditionalPath();
        }
    }
}
