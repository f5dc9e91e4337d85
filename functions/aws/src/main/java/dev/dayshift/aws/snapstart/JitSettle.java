package dev.dayshift.aws.snapstart;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The end of priming: waits until the JIT compiler has had no work for a few milliseconds, at most
 * {@link #MAX_WAIT_NANOS}. Priming makes the handler's paths hot, and the compilations that queues
 * run on a compiler thread after it; a snapshot taken with them still queued would run them after
 * every restore, on the same (often fractional) vCPU as the first request. The JVM has no API for its
 * compile queue, so "idle" is the compilers' total time ({@link CompilationMXBean}) not moving across
 * {@link #QUIET_POLLS} polls {@link #POLL_MILLIS} apart; C1's compilations take well under that each.
 */
final class JitSettle {

    static final long MAX_WAIT_NANOS = 500_000_000L;
    static final int QUIET_POLLS = 3;
    static final long POLL_MILLIS = 4;

    private JitSettle() {
    }

    /** Waits for the compilers to go quiet; returns how long it waited, in milliseconds. */
    static long await() {
        long start = System.nanoTime();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < QUIET_POLLS && System.nanoTime() - start < MAX_WAIT_NANOS) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
