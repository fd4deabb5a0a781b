package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The raft thread's mailbox: wakes are skipped while the owner runs, yet never lost. */
class MailboxTest {

    @Test
    void workQueuedAndWokenWhileTheOwnerGoesToSleepIsAlwaysSeen() throws InterruptedException {
        Mailbox<Runnable> mailbox = new Mailbox<>();
        ConcurrentLinkedQueue<Integer> queued = new ConcurrentLinkedQueue<>();
        int items = 20_000;
        AtomicInteger taken = new AtomicInteger();
        Thread owner = new Thread(() -> {
            while (taken.get() < items) {
                while (queued.poll() != null) {
                    taken.incrementAndGet();
                }
                for (Runnable task : mailbox.drain()) {
                    task.run();
                }
                if (taken.get() == items) {
                    return;
                }
                // a lost wake would leave the owner asleep for the whole minute with work queued
                mailbox.await(System.nanoTime() + TimeUnit.MINUTES.toNanos(1), () -> !queued.isEmpty());
            }
        });
        mailbox.bind(owner);
        owner.start();
        // one item at a time, each once the previous one was taken: the owner is then often between
        // looking at the queue and parking when the next wake comes, the window a lost wake needs
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < items && System.nanoTime() < deadline; i++) {
            queued.add(i);
            mailbox.wake();
            if (i % 1000 == 0) {
                mailbox.post(() -> { });
            }
            while (taken.get() <= i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        owner.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(owner.isAlive()).as("owner stuck with queued work: a wake was lost").isFalse();
        assertThat(taken.get()).isEqualTo(items);
    }

    @Test
    void aPostWakesAnOwnerParkedUntilAFarDeadline() throws InterruptedException {
        Mailbox<Runnable> mailbox = new Mailbox<>();
        AtomicInteger ran = new AtomicInteger();
        Thread owner = new Thread(() -> {
            while (ran.get() == 0) {
                mailbox.await(System.nanoTime() + TimeUnit.MINUTES.toNanos(1), () -> false);
                for (Runnable task : mailbox.drain()) {
                    task.run();
                }
            }
        });
        mailbox.bind(owner);
        owner.start();
        mailbox.post(ran::incrementAndGet);
        owner.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(owner.isAlive()).isFalse();
        assertThat(ran.get()).isEqualTo(1);
    }

    @Test
    void anOwnerParkedWithoutADeadlineNeverMissesAPost() throws InterruptedException {
        Mailbox<Integer> mailbox = new Mailbox<>();
        int items = 20_000;
        AtomicInteger taken = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        Thread owner = new Thread(() -> {
            while (taken.get() < items) {
                int before = seen.size();
                mailbox.drainTo(seen);
                taken.addAndGet(seen.size() - before);
                if (seen.size() == before) {
                    mailbox.await(); // a lost wake leaves the owner here for good
                }
            }
        });
        mailbox.bind(owner);
        owner.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < items && System.nanoTime() < deadline; i++) {
            mailbox.post(i);
            while (taken.get() <= i && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        owner.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(owner.isAlive()).as("owner stuck with queued work: a wake was lost").isFalse();
        assertThat(seen).hasSize(items).isSorted();
    }
}
