package io.raftboot.fuzz;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a decoder allocates in proportion to its input: one fed a few KB that allocates
 * megabytes trusted a declared length it had not checked against the bytes actually present.
 * Measures the current thread's allocations over a second, warm run of the same decoding, so class
 * loading and first-use initialisation do not count.
 */
public final class AllocationMeter {
    /** Per-call overhead allowed beyond the input-proportional part (exceptions, small buffers). */
    public static final long FIXED = 256 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Something that decodes and may refuse; its outcome is ignored, only what it allocates counts. */
    @FunctionalInterface
    public interface Decoding {
        void run() throws Exception;
    }

    private AllocationMeter() {
    }

    /**
     * Runs {@code decoding} twice and fails unless the second run allocated at most
     * {@code FIXED + perInputByte * inputLength} bytes.
     */
    public static void assertProportional(int inputLength, long perInputByte, Decoding decoding) {
        assertProportional(FIXED, inputLength, perInputByte, decoding);
    }

    /** As {@link #assertProportional(int, long, Decoding)}, for code with a larger fixed working set. */
    public static void assertProportional(long fixed, int inputLength, long perInputByte, Decoding decoding) {
        runIgnoringOutcome(decoding);
        long start = allocated();
        runIgnoringOutcome(decoding);
        long used = allocated() - start;
        assertThat(used).as("bytes allocated decoding %d input bytes", inputLength)
                .isLessThanOrEqualTo(fixed + perInputByte * inputLength);
    }

    private static void runIgnoringOutcome(Decoding decoding) {
        try {
            decoding.run();
        } catch (Exception expectedOrCheckedElsewhere) {
            // the target asserts outcomes itself; here only the allocation matters
        }
    }

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
