package io.raftboot.faults.workload;


import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Operation counts by type and outcome, for the run report. */
public final class WorkloadStats {
    private final Map<OpType, LongAdder[]> counts = new EnumMap<>(OpType.class);

    public WorkloadStats() {
        for (OpType type : OpType.values()) {
            counts.put(type, new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        }
    }

    void ok(OpType type) {
        counts.get(type)[0].increment();
    }

    void fail(OpType type) {
        counts.get(type)[1].increment();
    }

    void unknown(OpType type) {
        counts.get(type)[2].increment();
    }

    public long ok() {
        return sum(0);
    }

    public long failed() {
        return sum(1);
    }

    public long unknown() {
        return sum(2);
    }

    private long sum(int column) {
        return counts.values().stream().mapToLong(c -> c[column].sum()).sum();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<OpType, LongAdder[]> e : counts.entrySet()) {
            LongAdder[] c = e.getValue();
            out.append(String.format("%-5s ok %7d  fail %6d  unknown %5d%n", e.getKey(), c[0].sum(), c[1].sum(), c[2].sum()));
        }
        out.append(String.format("total ok %7d  fail %6d  unknown %5d", ok(), failed(), unknown()));
        return out.toString();
    }
}
