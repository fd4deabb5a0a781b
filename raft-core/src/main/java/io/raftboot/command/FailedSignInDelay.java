package io.raftboot.command;

import java.time.Duration;

/**
 * How long the answer to a failed {@code AUTH} waits: doubling with each failure on a connection,
 * so guessing passwords on one connection slows to a crawl while a mistyped password costs little.
 */
record FailedSignInDelay(Duration first, Duration cap) {

    /**
     * 100ms, 200ms, ... capped at 1.6s: below the 2s read timeout Jedis uses by default, so a
     * client with a wrong password sees WRONGPASS rather than a timeout.
     */
    static final FailedSignInDelay DEFAULT = new FailedSignInDelay(Duration.ofMillis(100), Duration.ofMillis(1600));

    /** @param failures failed attempts on the connection so far, this one included (at least 1) */
    Duration after(int failures) {
        int doublings = Math.min(failures - 1, 30);
        long millis = first.toMillis() << doublings;
        return millis >= cap.toMillis() ? cap : Duration.ofMillis(millis);
    }
}
