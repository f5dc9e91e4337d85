package dev.dayshift.aws.snapstart;

import dev.dayshift.aws.AwsClients;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Core;
import org.crac.Resource;

/**
 * What every Dayshift Lambda does around a SnapStart snapshot, in one place (docs/snapstart.md).
 *
 * <p>A handler registers itself in its constructor ({@link #register}) and implements the two
 * {@link Resource} hooks by calling {@link #prime} and {@link #restore}:
 * <ul>
 *   <li>{@link #prime}, before the snapshot: loads the classes the handler's first request loads (the
 *       class list in {@code META-INF/dayshift/snapstart/<handler class>.classes}, produced from
 *       {@code -Xlog:class+load} on a real run by {@code scripts/bench/coldstart --class-lists}), then
 *       runs the handler's priming steps <em>while priming</em>: every SDK client built by
 *       {@link AwsClients} is answered inside the process ({@link PrimingTransport}) and signs with throw-away
 *       credentials ({@link RestorableCredentials}), so the steps may run the handler's real decision
 *       code, adapters and SDK marshalling on synthetic events and nothing leaves the process. The steps
 *       run in rounds: in the first every call succeeds (its failures are the ones reported), in the
 *       second the calls that can lose a race lose once (the first conditional write to each table, every
 *       execution start), so both
 *       outcomes an idempotent handler meets are primed; then, for {@link #warmupMillis()}, the same rounds
 *       again with every answer made in memory, so that the JIT compiles the paths every request walks
 *       (C1 compiles a method after a couple of hundred calls: two rounds compile little);</li>
 *   <li>then waits, briefly, for the JIT to compile what the steps made hot ({@link JitSettle}): what is
 *       still queued at the snapshot would be compiled after each restore, on the first request's CPU;</li>
 *   <li>{@link #restore}, after each restore: gives this copy of the snapshot its own randomness and id
 *       ({@link PerCopy}) and drops any credentials the snapshot might hold.</li>
 * </ul>
 * A priming step that fails is reported in the init log and does not stop the others or the
 * snapshot: priming is an optimisation, never a reason for a function not to start.
 */
public final class SnapStart {

    static final int DEFAULT_ROUNDS = 2;
    static final long DEFAULT_WARMUP_MILLIS = 300;
    /** Rounds at most, warm-up included: a bound should the clock not move. */
    static final int MAX_ROUNDS = 1000;

    /** Where the class lists live inside a Lambda jar. */
    public static final String CLASS_LIST_DIR = "META-INF/dayshift/snapstart/";

    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final ThreadLocal<Integer> ROUND = ThreadLocal.withInitial(() -> 0);
    private static final Map<String, PrimingReport> REPORTS = new ConcurrentHashMap<>();

    private SnapStart() {
    }

    /**
     * Rounds of the priming steps: the first succeeds at every AWS call, the second meets the answers an
     * idempotent handler also lives with (a conditional write that loses, an execution that already
     * exists), further ones alternate and give the JIT the hot paths ({@code -Ddayshift.snapstart.primingRounds}).
     */
    static int rounds() {
        return Math.max(2, Integer.getInteger("dayshift.snapstart.primingRounds", DEFAULT_ROUNDS));
    }

    /**
     * Time spent, after the {@link #rounds()}, repeating the steps for the JIT ({@code -Ddayshift.snapstart.warmupMillis},
     * default {@value #DEFAULT_WARMUP_MILLIS}; 0 for none).
     */
    static long warmupMillis() {
        return Math.max(0, Long.getLong("dayshift.snapstart.warmupMillis", DEFAULT_WARMUP_MILLIS));
    }

    /** While priming, whether this round is a warm-up round, answered in memory ({@link PrimingTransport}). */
    static boolean warmupRound() {
        return ROUND.get() >= rounds();
    }

    /** While priming, whether this round's AWS calls that can lose a race do ({@link PrimingTransport}). */
    static boolean losingRound() {
        return ROUND.get() % 2 == 1;
    }

    /** One named piece of priming work. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** A named step. */
    public record Named(String name, Step step) {
        public Named {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(step, "step");
        }
    }

    /** A step called {@code name}. */
    public static Named step(String name, Step step) {
        return new Named(name, step);
    }

    /** Registers {@code hooks} with the CRaC global context (a no-op on a JDK without CRaC). */
    public static void register(Resource hooks) {
        Core.getGlobalContext().register(hooks);
    }

    /** True on the thread that runs priming steps, while they run. */
    public static boolean priming() {
        return PRIMING.get();
    }

    /**
     * Primes {@code handler}: preloads its class list, then runs {@code steps} in order while
     * {@link #priming()}, each step's failure caught and reported. Logs one JSON line on stderr.
     *
     * @return what was done, for tests and the coldstart benchmark
     */
    public static PrimingReport prime(Class<?> handler, Named... steps) {
        return prime(handler, System.err, steps);
    }

    static PrimingReport prime(Class<?> handler, PrintStream log, Named... steps) {
        long start = System.nanoTime();
        ClassPreloader.Result classes = ClassPreloader.preload(handler);
        long preloaded = System.nanoTime();
        List<String> failed = new ArrayList<>();
        boolean outer = PRIMING.get();
        PRIMING.set(Boolean.TRUE);
        int round = 0;
        try {
            while (round < rounds()) {
                runRound(round++, steps, failed);
            }
            // Warm-up: the same steps answered in memory, for the JIT, while time is left.
            long warmupEnd = System.nanoTime() + warmupMillis() * 1_000_000;
            while (System.nanoTime() < warmupEnd && round < MAX_ROUNDS) {
                runRound(round++, steps, failed);
            }
        } finally {
            PRIMING.set(outer);
            ROUND.set(0);
            PrimingTransport.stopLoopback();
        }
        long settled = JitSettle.await();
        PrimingReport report = new PrimingReport(handler.getName(), classes.loaded(), classes.missing(),
                (preloaded - start) / 1_000_000, steps.length, round, settled, List.copyOf(failed), (System.nanoTime() - start) / 1_000_000);
        REPORTS.put(handler.getName(), report);
        log.println(report.toJsonLine());
        return report;
    }

    /** One round of {@code steps}; the first round's failures go to {@code failed}. */
    private static void runRound(int round, Named[] steps, List<String> failed) {
        ROUND.set(round);
        PrimingTransport.newRound();
        for (Named s : steps) {
            try {
                s.step().run();
            } catch (Exception | LinkageError | AssertionError e) {
                if (round == 0) {
                    failed.add(s.name() + ": " + e);
                }
            }
        }
    }

    /** The report of the last {@link #prime} of {@code handler} in this JVM, or null. */
    public static PrimingReport lastReport(Class<?> handler) {
        return REPORTS.get(handler.getName());
    }

    /**
     * After a restore: this copy gets its own random seed and id ({@link PerCopy#refresh()}), and the
     * credentials providers of {@link AwsClients} start afresh.
     */
    public static void restore() {
        PerCopy.refresh();
        AwsClients.credentials().refresh();
    }
}
