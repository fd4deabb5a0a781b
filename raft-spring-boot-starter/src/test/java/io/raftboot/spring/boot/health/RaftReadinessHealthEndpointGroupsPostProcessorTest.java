package io.raftboot.spring.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

class RaftReadinessHealthEndpointGroupsPostProcessorTest {

    private final HealthEndpointGroups groups = HealthEndpointGroups.of(new Members(Set.of("*")), Map.of(
            "readiness", new Members(Set.of("readinessState")),
            "liveness", new Members(Set.of("*")),
            "custom", new Members(Set.of("db"))));

    @Test
    void raftJoinsReadinessAndNeverLiveness() {
        HealthEndpointGroups processed = new RaftReadinessHealthEndpointGroupsPostProcessor("raft", Set.of())
                .postProcessHealthEndpointGroups(groups);
        assertThat(processed.get("readiness").isMember("raft")).isTrue();
        assertThat(processed.get("readiness").isMember("readinessState")).isTrue();
        assertThat(processed.get("readiness").isMember("db")).isFalse();
        assertThat(processed.get("liveness").isMember("raft")).isFalse();
        assertThat(processed.get("liveness").isMember("livenessState")).isTrue();
        assertThat(processed.get("custom").isMember("raft")).isFalse();
        assertThat(processed.getPrimary().isMember("raft")).isTrue();
        assertThat(processed.getNames()).containsExactlyInAnyOrder("readiness", "liveness", "custom");
        assertThat(processed.get("missing")).isNull();
    }

    @Test
    void anExplicitReadinessExclusionIsRespected() {
        HealthEndpointGroups processed = new RaftReadinessHealthEndpointGroupsPostProcessor("raft", Set.of("raft"))
                .postProcessHealthEndpointGroups(groups);
        assertThat(processed.get("readiness").isMember("raft")).isFalse();
        assertThat(processed.get("liveness").isMember("raft")).isFalse();
    }

    /** A group whose members are a fixed set, "*" meaning everyone. */
    private record Members(Set<String> names) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return names.contains("*") || names.contains(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return true;
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return true;
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return StatusAggregator.getDefault();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return HttpCodeStatusMapper.getDefault();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return null;
        }
    }
}
