package io.raftboot.spring.boot.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.raftboot.api.KeyspaceReporter;
import io.raftboot.api.KeyspaceStats;
import io.raftboot.spring.boot.support.CounterStateMachine;

/** A {@code @RaftStateMachine} bean that reports its keys is heard by INFO keyspace through the adapter. */
class KeyspaceReportingTest {

    static class ReportingCounters extends CounterStateMachine implements KeyspaceReporter {
        @Override
        public KeyspaceStats keyspaceStats() {
            return new KeyspaceStats(3, 1, 500);
        }
    }

    @Test
    void aReportingBeanIsReported() {
        assertThat(AnnotatedStateMachineFactory.create(new ReportingCounters()).keyspaceStats())
                .isEqualTo(new KeyspaceStats(3, 1, 500));
    }

    @Test
    void aBeanThatDoesNotReportReportsNothing() {
        assertThat(AnnotatedStateMachineFactory.create(new CounterStateMachine()).keyspaceStats()).isNull();
    }
}
