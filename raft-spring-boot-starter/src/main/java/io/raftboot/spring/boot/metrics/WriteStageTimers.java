package io.raftboot.spring.boot.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * {@code raft.write.stage}: one timer per stage of a client write, told apart by the tag
 * {@code stage} ({@code queue}, {@code fsync}, {@code replication}, {@code apply}, {@code reply}).
 * One name rather than five, so that a single query graphs the stages side by side (in Prometheus,
 * {@code sum by (stage) (rate(raft_write_stage_seconds_sum[1m]))}). The timers are resolved once
 * here, because they are recorded once per write on the node's apply thread.
 */
final class WriteStageTimers {

    static final String NAME = "raft.write.stage";

    private final Timer queue;
    private final Timer fsync;
    private final Timer replication;
    private final Timer apply;
    private final Timer reply;

    WriteStageTimers(MeterRegistry registry, Tags tags) {
        queue = register(registry, tags, "queue");
        fsync = register(registry, tags, "fsync");
        replication = register(registry, tags, "replication");
        apply = register(registry, tags, "apply");
        reply = register(registry, tags, "reply");
    }

    // one description for every stage: Prometheus keeps a single HELP line per name
    private static Timer register(MeterRegistry registry, Tags tags, String stage) {
        return Timer.builder(NAME)
                .description("Time a client write spends in one stage: queue (until proposed), fsync (local log "
                        + "append), replication (proposed until committed, includes fsync), apply (committed "
                        + "until the state machine returned), reply (handing the reply to the connection)")
                .tags(tags).tag("stage", stage).register(registry);
    }

    void record(long queueNanos, long fsyncNanos, long replicationNanos, long applyNanos, long replyNanos) {
        queue.record(queueNanos, TimeUnit.NANOSECONDS);
        fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
        replication.record(replicationNanos, TimeUnit.NANOSECONDS);
        apply.record(applyNanos, TimeUnit.NANOSECONDS);
        reply.record(replyNanos, TimeUnit.NANOSECONDS);
    }

    List<Timer> all() {
        return List.of(queue, fsync, replication, apply, reply);
    }
}
