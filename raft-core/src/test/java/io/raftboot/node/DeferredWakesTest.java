package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A pass holds the wakes it causes (of the raft thread, of event loops) and gives them once, at its end. */
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

    /** One real event loop, idle (waiting for I/O) when the test starts. */
    private static EventLoopGroup idleLoop() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        group.submit(() -> { }).syncUninterruptibly();
        return group;
    }

    @Test
    void tasksForAnEventLoopHeldInAPassAllRunInOrderOnceThePassEnds() {
        EventLoopGroup group = idleLoop();
        try {
            EventLoop loop = group.next();
            List<Integer> ran = new CopyOnWriteArrayList<>();
            DeferredWakes.holdUntilReleased();
            try {
                for (int i = 0; i < DeferredWakes.MAX_HELD_TASKS - 1; i++) {
                    int n = i;
                    DeferredWakes.execute(loop, () -> ran.add(n));
                }
            } finally {
                DeferredWakes.releaseHeld();
            }
            // a lost wake would leave the loop asleep with the tasks queued
            await().atMost(Duration.ofSeconds(30)).until(() -> ran.size() == DeferredWakes.MAX_HELD_TASKS - 1);
            assertThat(ran).isSorted();
            assertThat(DeferredWakes.hold(new Mailbox<Runnable>())).as("the pass ended").isFalse();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    /**
     * An event loop without a thread: a lazily queued task waits until the loop is woken, which an
     * {@link #execute} does (it runs everything queued, in order), as a real loop waiting for I/O does.
     */
    private static final class SleepingLoop extends AbstractEventExecutor {
        final List<Runnable> queued = new ArrayList<>();
        int wakes;
        boolean shutDown;

        @Override
        public void lazyExecute(Runnable task) {
            queued.add(task);
        }

        @Override
        public void execute(Runnable task) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            queued.add(task);
            wakes++;
            List<Runnable> run = new ArrayList<>(queued);
            queued.clear();
            run.forEach(Runnable::run);
        }

        @Override
        public boolean inEventLoop(Thread thread) {
            return false;
        }

        @Override
        public boolean isShuttingDown() {
            return shutDown;
        }

        @Override
        public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
            shutDown = true;
            return terminationFuture();
        }

        @Override
        public Future<?> terminationFuture() {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }

        @Override
        @Deprecated
        public void shutdown() {
            shutDown = true;
        }

        @Override
        public boolean isShutdown() {
            return shutDown;
        }

        @Override
        public boolean isTerminated() {
            return shutDown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @Test
    void tasksGivenInAPassWaitQueuedAndTheLoopIsWokenOnceWhenThePassEnds() {
        SleepingLoop loop = new SleepingLoop();
        List<Integer> ran = new ArrayList<>();
        DeferredWakes.holdUntilReleased();
        try {
            for (int i = 0; i < 10; i++) {
                int n = i;
                DeferredWakes.execute(loop, () -> ran.add(n));
            }
            assertThat(loop.queued).as("queued at once").hasSize(10);
            assertThat(ran).as("not woken during the pass").isEmpty();
        } finally {
            DeferredWakes.releaseHeld();
        }
        assertThat(loop.wakes).isEqualTo(1);
        assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

        DeferredWakes.execute(loop, () -> ran.add(10));
        assertThat(ran).as("outside a pass a task goes out at once").endsWith(10);
    }

    @Test
    void aLongPassWakesTheLoopEveryMaxHeldTasksWithoutWaitingForItsEnd() {
        SleepingLoop loop = new SleepingLoop();
        AtomicInteger ran = new AtomicInteger();
        DeferredWakes.holdUntilReleased();
        try {
            for (int i = 0; i < DeferredWakes.MAX_HELD_TASKS + 1; i++) {
                DeferredWakes.execute(loop, ran::incrementAndGet);
            }
            assertThat(ran.get()).as("woken by the cap, inside the pass").isEqualTo(DeferredWakes.MAX_HELD_TASKS);
        } finally {
            DeferredWakes.releaseHeld();
        }
        assertThat(ran.get()).isEqualTo(DeferredWakes.MAX_HELD_TASKS + 1);
    }

    @Test
    void aLoopThatShutDownDuringThePassIsNoFailureAtItsEnd() {
        SleepingLoop loop = new SleepingLoop();
        DeferredWakes.holdUntilReleased();
        try {
            DeferredWakes.execute(loop, () -> { });
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        } finally {
            DeferredWakes.releaseHeld(); // must not throw: the apply thread would stop
        }
        assertThat(loop.wakes).isZero();
    }
}
