package io.raftboot.consensus.sim;

import io.raftboot.consensus.Entry;
import java.util.List;
import java.util.SplittableRandom;

/** The simulator's own application: PUT, INCR and GET on three keys, checked as registers with increment. */
final class KvApplication implements SimApplication {
    private static final String[] KEYS = {"a", "b", "c"};

    @Override
    public SimStateMachine start(String member, SnapshotData snapshot) {
        return KvStore.restore(snapshot);
    }

    @Override
    public SimStateMachine install(SimStateMachine current, SnapshotData snapshot) {
        return KvStore.restore(snapshot);
    }

    @Override
    public History.Op nextOp(History history, int client, long sequence, SplittableRandom random, long now) {
        String key = KEYS[random.nextInt(KEYS.length)];
        int dice = random.nextInt(10);
        OpKind kind = dice < 4 ? OpKind.PUT : dice < 7 ? OpKind.INCR : OpKind.GET;
        long value = kind == OpKind.PUT ? client * 1_000_000L + sequence : 0; // unique per client
        return history.invoke(client, kind, key, value, now);
    }

    @Override
    public boolean isRead(History.Op op) {
        return op.kind == OpKind.GET;
    }

    @Override
    public byte[] encode(History.Op op, long leaderMillis) {
        return new KvCommand(op.id, op.kind, op.key, op.value).encode();
    }

    @Override
    public long opId(Entry entry) {
        return KvCommand.decode(entry.data()).opId();
    }

    @Override
    public String checkHistory(List<History.Op> ops) {
        LinearizabilityChecker.Result result = new LinearizabilityChecker(2_000_000).check(ops);
        return result.linearizable() ? null : result.detail();
    }
}
