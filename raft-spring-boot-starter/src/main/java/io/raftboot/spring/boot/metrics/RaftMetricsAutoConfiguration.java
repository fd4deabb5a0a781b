package io.raftboot.spring.boot.metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;
import io.raftboot.api.RaftNode;

/** The node's Micrometer meters, when Micrometer and a meter registry are present. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public final class RaftMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RaftMeterBinder raftMeterBinder(ObjectProvider<RaftNode> node) {
        return new RaftMeterBinder(node);
    }
}
