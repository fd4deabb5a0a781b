package io.raftboot.node;

import java.util.concurrent.TimeUnit;

/** An {@link ApplyLoop} on its own thread in a test; {@link #close} stops it and waits for the thread. */
final class ApplyThread implements AutoCloseable {
    final ApplyLoop loop;
    final Thread thread;

    ApplyThread(ApplyLoop loop) {
        this.loop = loop;
        this.thread = new Thread(loop, "apply-under-test");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
