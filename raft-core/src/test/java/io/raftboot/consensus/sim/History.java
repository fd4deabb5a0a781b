package io.raftboot.consensus.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every client operation of a run: when it was invoked, when and how it completed. */
final class History {

    enum Outcome {
        /** Still waiting; treated as unknown when the history is checked. */
        PENDING,
        /** Completed with a result. */
        OK,
        /** Definitely never took effect (never reached the log, or a read that was refused). */
        FAILED,
        /** May or may not have taken effect (timeout, crash, lost leadership). */
        UNKNOWN
    }

    /** One operation. {@code value} is the PUT argument; {@code result} is what an OK returned. */
    static final class Op {
        final long id;
        final int client;
        final OpKind kind;
        final String key;
        final long value;
        final long call;
        long ret = Long.MAX_VALUE;
        long result;
        Outcome outcome = Outcome.PENDING;

        Op(long id, int client, OpKind kind, String key, long value, long call) {
            this.id = id;
            this.client = client;
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.call = call;
        }

        @Override
        public String toString() {
            String shown = switch (kind) {
                case PUT -> "PUT " + key + "=" + value;
                case INCR, GET, PROBE -> kind + " " + key;
            };
            String end = switch (outcome) {
                case OK -> kind == OpKind.PUT ? "ok" : "-> " + result;
                case FAILED -> "failed";
                case UNKNOWN, PENDING -> "unknown";
            };
            return "#" + id + " c" + client + " " + shown + " " + end + " [" + call + ", "
                    + (ret == Long.MAX_VALUE ? "inf" : Long.toString(ret)) + "]";
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long nextId = 1;

    Op invoke(int client, OpKind kind, String key, long value, long time) {
        Op op = new Op(nextId++, client, kind, key, value, time);
        ops.add(op);
        return op;
    }

    static void ok(Op op, long result, long time) {
        op.outcome = Outcome.OK;
        op.result = result;
        op.ret = time;
    }

    static void failed(Op op, long time) {
        op.outcome = Outcome.FAILED;
        op.ret = time;
    }

    static void unknown(Op op) {
        op.outcome = Outcome.UNKNOWN;
        op.ret = Long.MAX_VALUE;
    }

    List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    /** A fingerprint of every operation's timing and result: equal runs have equal digests. */
    long digest() {
        long digest = 17;
        for (Op op : ops) {
            digest = digest * 31 + op.call;
            digest = digest * 31 + op.ret;
            digest = digest * 31 + op.result;
            digest = digest * 31 + op.outcome.ordinal();
        }
        return digest;
    }

    long count(Outcome outcome) {
        return ops.stream().filter(op -> op.outcome == outcome).count();
    }
}
