package io.raftboot.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private final History history = new History();
    private final LinearizabilityChecker checker = new LinearizabilityChecker(100_000);

    private History.Op put(String key, long value, long call, long ret) {
        History.Op op = history.invoke(0, OpKind.PUT, key, value, call);
        History.ok(op, value, ret);
        return op;
    }

    private History.Op get(String key, long result, long call, long ret) {
        History.Op op = history.invoke(1, OpKind.GET, key, 0, call);
        History.ok(op, result, ret);
        return op;
    }

    private History.Op incr(String key, long result, long call, long ret) {
        History.Op op = history.invoke(2, OpKind.INCR, key, 0, call);
        History.ok(op, result, ret);
        return op;
    }

    private boolean linearizable() {
        return checker.check(history.ops()).linearizable();
    }

    @Test
    void acceptsConcurrentOperationsThatHaveAValidOrder() {
        put("a", 1, 0, 10);
        put("a", 2, 5, 30);     // overlaps the read below
        get("a", 1, 12, 20);    // PUT 2 not yet in effect
        get("a", 2, 31, 40);
        incr("a", 3, 41, 50);
        get("b", 0, 0, 100);    // another key, never written
        assertThat(linearizable()).isTrue();
    }

    @Test
    void acceptsAReadThatSeesAConcurrentWriteEitherWay() {
        put("a", 7, 0, 10);
        get("a", 7, 5, 6);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void rejectsAStaleRead() {
        put("a", 1, 0, 10);
        put("a", 2, 20, 30);
        get("a", 1, 40, 50);    // PUT 2 completed before this read started
        LinearizabilityChecker.Result result = checker.check(history.ops());
        assertThat(result.linearizable()).isFalse();
        assertThat(result.detail()).contains("key a");
    }

    @Test
    void rejectsALostWrite() {
        incr("a", 1, 0, 10);
        incr("a", 1, 20, 30);   // the first increment vanished
        assertThat(linearizable()).isFalse();
    }

    @Test
    void rejectsALostPut() {
        put("a", 5, 0, 10);
        get("a", 0, 20, 30);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void rejectsAReadOfAValueNobodyWrote() {
        put("a", 5, 0, 10);
        get("a", 6, 0, 30);
        assertThat(linearizable()).isFalse();
    }

    @Test
    void anUnknownWriteMayHaveTakenEffect() {
        History.unknown(history.invoke(0, OpKind.PUT, "a", 9, 0));
        get("a", 9, 100, 110);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void anUnknownWriteMayNotHaveTakenEffect() {
        History.unknown(history.invoke(0, OpKind.INCR, "a", 0, 0));
        get("a", 0, 100, 110);
        incr("a", 1, 120, 130);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void anUnknownWriteCannotTakeEffectBeforeItWasCalled() {
        get("a", 0, 0, 10);
        get("a", 9, 20, 30);
        History.unknown(history.invoke(0, OpKind.PUT, "a", 9, 40));
        assertThat(linearizable()).isFalse();
    }

    @Test
    void failedOperationsAreIgnored() {
        History.failed(history.invoke(0, OpKind.PUT, "a", 3, 0), 10);
        get("a", 0, 20, 30);
        assertThat(linearizable()).isTrue();
    }

    @Test
    void oncePutAndThenReadTwiceDifferentlyIsRejectedWithoutOverlap() {
        put("a", 1, 0, 10);
        get("a", 1, 20, 30);
        get("a", 0, 40, 50);
        put("a", 0, 60, 70);
        assertThat(linearizable()).isFalse();
    }
}
