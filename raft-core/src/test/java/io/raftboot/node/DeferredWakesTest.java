package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** An event loop's pass holds the raft-thread wakes it causes and gives them once, at its end. */
class DeferredWakesTest {

    @Test
    void wakesDuringAPassAreGivenOnceWhenTheLoopRunsItsNextTask() throws InterruptedException {
        Mailbox<Runnable> mailbox = new Mailbox<>();
        AtomicBoolean work = new AtomicBoolean();
        Thread owner = new Thread(() -> {
            while (!work.get()) {
                mailbox.await(System.nanoTime() + TimeUnit.MINUTES.toNanos(1), work::get);
            }
        });
        mailbox.bind(owner);
        owner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.getState() == Thread.State.TIMED_WAITING);

        List<Runnable> loopTasks = new ArrayList<>();
        DeferredWakes.holdUntilNextTask(loopTasks::add);
        DeferredWakes.holdUntilNextTask(loopTasks::add);
        assertThat(loopTasks).as("one release per pass").hasSize(1);
        work.set(true);
        mailbox.wake();
        mailbox.wake();
        assertThat(DeferredWakes.hold(mailbox)).as("the pass holds wakes").isTrue();

        loopTasks.get(0).run();
        owner.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(owner.isAlive()).as("released at the end of the pass").isFalse();
        assertThat(DeferredWakes.hold(mailbox)).as("after the pass wakes go out at once").isFalse();
    }

    @Test
    void withoutAPassAWakeIsGivenAtOnce() throws InterruptedException {
        Mailbox<Runnable> mailbox = new Mailbox<>();
        AtomicBoolean work = new AtomicBoolean();
        Thread owner = new Thread(() -> {
            while (!work.get()) {
                mailbox.await(System.nanoTime() + TimeUnit.MINUTES.toNanos(1), work::get);
            }
        });
        mailbox.bind(owner);
        owner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.getState() == Thread.State.TIMED_WAITING);
        work.set(true);
        mailbox.wake();
        owner.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(owner.isAlive()).isFalse();
    }
}
