package io.raftboot.test.lin;

import io.raftboot.test.history.Operation;
import io.raftboot.test.history.Outcome;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LinearizabilityCheckerTest {
    private final LinearizabilityChecker checker = new LinearizabilityChecker(Models.keyspace());

    private Verdict verdict(HistoryBuilder history) {
        return checker.check(history.build()).verdict();
    }

    @Test
    void sequentialRegisterHistoryIsLinearizable() {
        HistoryBuilder h = new HistoryBuilder()
                .read(1, null, 0, 1)
                .write(1, "a", 2, 3)
                .read(2, "a", 4, 5)
                .write(2, "b", 6, 7)
                .read(1, "b", 8, 9);
        assertThat(verdict(h)).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aHashFieldIsCheckedAsARegister() {
        HistoryBuilder fine = new HistoryBuilder().key("h#f0")
                .add(1, "HSET", "a", Outcome.OK, "1", 0, 1)
                .add(2, "HGET", null, Outcome.OK, "a", 2, 3);
        assertThat(verdict(fine)).isEqualTo(Verdict.LINEARIZABLE);
        HistoryBuilder stale = new HistoryBuilder().key("h#f0")
                .add(1, "HSET", "a", Outcome.OK, "1", 0, 1)
                .add(1, "HSET", "b", Outcome.OK, "0", 2, 3)
                .add(2, "HGET", null, Outcome.OK, "a", 4, 5);
        assertThat(verdict(stale)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void concurrentReadMayObserveEitherSideOfAConcurrentWrite() {
        HistoryBuilder oldValue = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .write(1, "b", 2, 10)
                .read(2, "a", 3, 4)
                .read(3, "b", 5, 6);
        assertThat(verdict(oldValue)).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentWritesMayTakeEffectInEitherOrder() {
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 10)
                .write(2, "b", 1, 9)
                .read(3, "a", 11, 12)
                .read(3, "a", 13, 14);
        assertThat(verdict(h)).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void readsThatFlipBackAndForthAcrossOneWriteAreRejected() {
        // once a read saw the new value, a later read must not see the old one (no going back in time)
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .write(1, "b", 2, 20)
                .read(2, "b", 3, 4)
                .read(3, "a", 5, 6);
        assertThat(verdict(h)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void staleReadAfterAcknowledgedWriteIsRejected() {
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .write(1, "b", 2, 3)
                .read(2, "a", 4, 5);
        CheckResult result = checker.check(h.build());
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        KeyResult key = result.violations().get(0);
        // the smallest window: the write of b and the read of a, from an unknown initial state
        assertThat(key.window()).extracting(Operation::id).containsExactly(1L, 2L);
        assertThat(key.windowFromStart()).isFalse();
        assertThat(result.describe()).contains("SET k b", "GET k -> a");
    }

    @Test
    void lostWriteIsRejected() {
        // an acknowledged write whose value never shows up: the key reads as absent afterwards
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .read(2, null, 2, 3);
        CheckResult result = checker.check(h.build());
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations().get(0).window()).hasSize(2);
    }

    @Test
    void readOfAValueNeverWrittenIsRejectedFromTheStart() {
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .read(2, "a", 2, 3)
                .read(2, "zzz", 4, 5);
        CheckResult result = checker.check(h.build());
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        // a value nobody wrote: from "any value" that read alone is fine, after a read of a it is not
        assertThat(result.violations().get(0).window()).extracting(Operation::id).containsExactly(1L, 2L);

        HistoryBuilder fromStart = new HistoryBuilder().read(1, "zzz", 0, 1);
        KeyResult only = checker.check(fromStart.build()).violations().get(0);
        assertThat(only.windowFromStart()).isTrue();
    }

    @Test
    void unknownWriteMayTakeEffectLaterOrNever() {
        HistoryBuilder takesEffectLate = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .writeUnknown(2, "b", 2)
                .read(3, "a", 10, 11)
                .read(3, "b", 20, 21)
                .read(3, "b", 30, 31);
        assertThat(verdict(takesEffectLate)).isEqualTo(Verdict.LINEARIZABLE);

        HistoryBuilder never = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .writeUnknown(2, "b", 2)
                .read(3, "a", 10, 11)
                .read(3, "a", 100, 101);
        assertThat(verdict(never)).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void unknownWriteCannotTakeEffectBeforeItsInvocation() {
        HistoryBuilder h = new HistoryBuilder()
                .read(1, "b", 0, 1)
                .writeUnknown(2, "b", 2);
        assertThat(verdict(h)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void unknownWriteTakesEffectAtMostOnce() {
        HistoryBuilder h = new HistoryBuilder()
                .writeUnknown(1, "b", 0)
                .read(2, "b", 1, 2)
                .write(3, "c", 3, 4)
                .read(2, "b", 5, 6);
        assertThat(verdict(h)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void failedWriteNeverTakesEffect() {
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 1)
                .writeFailed(2, "b", 2, 3)
                .read(3, "b", 4, 5);
        assertThat(verdict(h)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void countersAcceptConcurrentIncrementsInAnyOrder() {
        HistoryBuilder h = new HistoryBuilder()
                .incr(1, 2, 0, 10)
                .incr(2, 1, 1, 9)
                .incr(3, 3, 11, 12)
                .read(1, "3", 13, 14);
        assertThat(verdict(h)).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void counterThatSkipsIsRejected() {
        HistoryBuilder h = new HistoryBuilder()
                .incr(1, 1, 0, 1)
                .incr(1, 3, 2, 3);
        assertThat(verdict(h)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void counterThatDuplicatesIsRejected() {
        HistoryBuilder h = new HistoryBuilder()
                .incr(1, 1, 0, 1)
                .incr(2, 2, 2, 3)
                .incr(3, 2, 4, 5);
        CheckResult result = checker.check(h.build());
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations().get(0).window()).extracting(Operation::id).containsExactly(1L, 2L);
    }

    @Test
    void unknownIncrementsExplainASkipButNotTooMany() {
        HistoryBuilder explained = new HistoryBuilder()
                .incr(1, 1, 0, 1)
                .incrUnknown(2, 2)
                .incrUnknown(3, 3)
                .incr(1, 4, 10, 11)
                .read(1, "4", 12, 13);
        assertThat(verdict(explained)).isEqualTo(Verdict.LINEARIZABLE);

        HistoryBuilder tooMany = new HistoryBuilder()
                .incr(1, 1, 0, 1)
                .incrUnknown(2, 2)
                .incr(1, 4, 10, 11);
        assertThat(verdict(tooMany)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void unknownIncrementAfterAReadCannotExplainThatRead() {
        HistoryBuilder h = new HistoryBuilder()
                .incr(1, 1, 0, 1)
                .read(2, "2", 2, 3)
                .incrUnknown(3, 4);
        assertThat(verdict(h)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void keysAreCheckedIndependently() {
        List<Operation> ops = new ArrayList<>(new HistoryBuilder().key("good").write(1, "a", 0, 1).read(1, "a", 2, 3).build());
        for (Operation op : new HistoryBuilder().key("bad").write(1, "x", 0, 1).read(2, null, 2, 3).build()) {
            ops.add(new Operation(op.id() + 100, op.process(), op.key(), op.command(), op.input(), op.outcome(),
                    op.output(), op.invokeNanos(), op.completeNanos()));
        }
        CheckResult result = checker.check(ops);
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.violations()).extracting(KeyResult::key).containsExactly("bad");
    }

    @Test
    void repeatedValuesAreCheckedWithoutTakingAReadForItsWrite() {
        // "a" is written twice: a read of "a" no longer names one write, so an unknown write of "a"
        // must stay in the search (and may explain the read), instead of being inferred or dropped
        HistoryBuilder linearizable = new HistoryBuilder().write(1, "a", 0, 1).write(1, "b", 2, 3)
                .writeUnknown(2, "a", 4).read(3, "a", 5, 6);
        assertThat(verdict(linearizable)).isEqualTo(Verdict.LINEARIZABLE);
        HistoryBuilder stale = new HistoryBuilder().write(1, "a", 0, 1).write(1, "b", 2, 3)
                .write(2, "a", 4, 5).read(3, "b", 6, 7);
        assertThat(verdict(stale)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void budgetExhaustionIsUndecidedNotAVerdict() {
        LinearizabilityChecker tiny = new LinearizabilityChecker(Models.keyspace(), 3);
        HistoryBuilder h = new HistoryBuilder()
                .write(1, "a", 0, 10).write(2, "b", 1, 10).write(3, "c", 2, 10).read(4, "a", 11, 12);
        assertThat(tiny.check(h.build()).verdict()).isEqualTo(Verdict.UNDECIDED);
    }

    /**
     * A simulated linearizable system: every operation takes effect atomically at a random instant
     * inside its interval, with several clients overlapping, some outcomes unknown. The checker
     * must accept it; corrupting one acknowledged read must make it reject.
     */
    @Test
    void thousandsOfConcurrentOperationsPerKeyCheckQuickly() {
        SplittableRandom random = new SplittableRandom(42);
        List<Operation> ops = simulate(random, 3000, 8);
        long start = System.nanoTime();
        CheckResult ok = checker.check(ops);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(ok.verdict()).as(ok.describe()).isEqualTo(Verdict.LINEARIZABLE);
        System.out.println("checked " + ops.size() + " operations in " + elapsedMillis + " ms");

        List<Operation> corrupted = new ArrayList<>(ops);
        for (int i = corrupted.size() / 2; i < corrupted.size(); i++) {
            Operation op = corrupted.get(i);
            if (op.command().equals("GET") && op.outcome() == Outcome.OK && op.output() != null) {
                corrupted.set(i, new Operation(op.id(), op.process(), op.key(), op.command(), null, op.outcome(),
                        "never-written", op.invokeNanos(), op.completeNanos()));
                break;
            }
        }
        CheckResult bad = checker.check(corrupted);
        assertThat(bad.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(bad.violations().get(0).window().size()).isLessThan(50);
    }

    @Test
    void simulatedCountersWithUnknownOutcomesAreAccepted() {
        SplittableRandom random = new SplittableRandom(7);
        List<Operation> ops = simulateCounter(random, 2000, 6);
        CheckResult result = checker.check(ops);
        assertThat(result.verdict()).as(result.describe()).isEqualTo(Verdict.LINEARIZABLE);
    }

    private static List<Operation> simulate(SplittableRandom random, int count, int clients) {
        // each client issues operations back to back; the effect instant is drawn inside the interval
        List<Operation> ops = new ArrayList<>();
        record Pending(Operation template, long effectAt) {
        }
        List<Pending> pending = new ArrayList<>();
        long[] clientClock = new long[clients];
        for (int i = 0; i < count; i++) {
            int client = random.nextInt(clients);
            long invoke = clientClock[client] + random.nextInt(1, 5);
            long complete = invoke + random.nextInt(1, 40);
            clientClock[client] = complete;
            long effect = random.nextLong(invoke, complete + 1);
            boolean write = random.nextInt(3) == 0;
            Outcome outcome = random.nextInt(40) == 0 ? Outcome.UNKNOWN : Outcome.OK;
            Operation template = new Operation(i, client, "k", write ? "SET" : "GET",
                    write ? "v" + i : null, outcome, null, invoke, complete);
            pending.add(new Pending(template, effect));
        }
        pending.sort((a, b) -> Long.compare(a.effectAt(), b.effectAt()));
        String value = null;
        for (Pending p : pending) {
            Operation t = p.template();
            boolean unknownNeverApplied = t.outcome() == Outcome.UNKNOWN && t.id() % 2 == 0;
            if (t.command().equals("SET")) {
                if (!unknownNeverApplied) {
                    value = t.input();
                }
                ops.add(t);
            } else {
                ops.add(new Operation(t.id(), t.process(), t.key(), t.command(), null, t.outcome(),
                        t.outcome() == Outcome.OK ? value : null, t.invokeNanos(), t.completeNanos()));
            }
        }
        return ops;
    }

    private static List<Operation> simulateCounter(SplittableRandom random, int count, int clients) {
        List<Operation> ops = new ArrayList<>();
        record Pending(int id, int client, long invoke, long complete, long effect, boolean read, Outcome outcome) {
        }
        List<Pending> pending = new ArrayList<>();
        long[] clientClock = new long[clients];
        for (int i = 0; i < count; i++) {
            int client = random.nextInt(clients);
            long invoke = clientClock[client] + random.nextInt(1, 5);
            long complete = invoke + random.nextInt(1, 30);
            clientClock[client] = complete;
            boolean read = random.nextInt(4) == 0;
            Outcome outcome = !read && random.nextInt(30) == 0 ? Outcome.UNKNOWN : Outcome.OK;
            pending.add(new Pending(i, client, invoke, complete, random.nextLong(invoke, complete + 1), read, outcome));
        }
        pending.sort((a, b) -> Long.compare(a.effect(), b.effect()));
        long value = 0;
        for (Pending p : pending) {
            if (p.read()) {
                ops.add(new Operation(p.id(), p.client(), "c", "GET", null, Outcome.OK,
                        value == 0 ? null : Long.toString(value), p.invoke(), p.complete()));
            } else {
                boolean applied = p.outcome() == Outcome.OK || p.id() % 2 == 1;
                if (applied) {
                    value++;
                }
                ops.add(new Operation(p.id(), p.client(), "c", "INCR", null, p.outcome(),
                        p.outcome() == Outcome.OK ? Long.toString(value) : null, p.invoke(), p.complete()));
            }
        }
        return ops;
    }
}
