package io.raftboot.consensus.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Every client operation of a run: when it was invoked, when and how it completed. */
public final class History {

    public enum Outcome {
        /** Still waiting; treated as unknown when the history is checked. */
        PENDING,
        /** Completed with a result. */
        OK,
        /** Definitely never took effect (never reached the log, or a read that was refused). */
        FAILED,
        /** May or may not have taken effect (timeout, crash, lost leadership). */
        UNKNOWN
    }

    /**
     * One operation. {@code value} is the PUT argument; {@code request} a plugged-in application's
     * command ({@link OpKind#COMMAND}); {@code result} is what an OK returned (a Long for the
     * simulator's own operations). Times are simulated microseconds.
     */
    public static final class Op {
        final long id;
        final int client;
        final OpKind kind;
        final String key;
        final long value;
        final Object request;
        final long call;
        long ret = Long.MAX_VALUE;
        Object result;
        Outcome outcome = Outcome.PENDING;

        Op(long id, int client, OpKind kind, String key, long value, Object request, long call) {
            this.id = id;
            this.client = client;
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.request = request;
            this.call = call;
        }

        public long id() {
            return id;
        }

        /** The client that issued it; -1 for the simulator's liveness probe. */
        public int client() {
            return client;
        }

        public OpKind kind() {
            return kind;
        }

        public Object request() {
            return request;
        }

        public Outcome outcome() {
            return outcome;
        }

        public Object result() {
            return result;
        }

        public long call() {
            return call;
        }

        /** Long.MAX_VALUE while pending or when unknown. */
        public long ret() {
            return ret;
        }

        @Override
        public String toString() {
            String shown = switch (kind) {
                case PUT -> "PUT " + key + "=" + value;
                case INCR, GET, PROBE -> kind + " " + key;
                case COMMAND -> String.valueOf(request);
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
        return add(new Op(nextId++, client, kind, key, value, null, time));
    }

    /** Records a plugged-in application's command, invoked by {@code client} at {@code time}. */
    public Op invoke(int client, Object request, long time) {
        return add(new Op(nextId++, client, OpKind.COMMAND, "", 0, request, time));
    }

    private Op add(Op op) {
        ops.add(op);
        return op;
    }

    static void ok(Op op, Object result, long time) {
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
            digest = digest * 31 + Objects.hashCode(op.result);
            digest = digest * 31 + op.outcome.ordinal();
        }
        return digest;
    }

    long count(Outcome outcome) {
        return ops.stream().filter(op -> op.outcome == outcome).count();
    }
}
