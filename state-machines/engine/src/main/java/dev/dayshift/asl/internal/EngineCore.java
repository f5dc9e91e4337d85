package dev.dayshift.asl.internal;

import dev.dayshift.asl.AslClock;
import dev.dayshift.asl.HistoryListener;
import dev.dayshift.asl.HistoryMode;
import dev.dayshift.asl.TaskResolver;
import dev.dayshift.asl.VirtualClock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's event loop. All execution state is touched by one thread at a time, the driver: either a caller
 * blocked in {@code run}/{@code await} (no thread hand-off on the common path) or a background daemon thread
 * started when work arrives and nobody is driving. Other threads only post work to the inbox.
 *
 * <p>Time: timers (Wait, Retry backoff, task timeout and heartbeat, execution timeout) sit in a heap. On a wall
 * clock the driver sleeps until the next one; on an auto-advancing virtual clock it jumps to it as soon as
 * nothing is runnable and no task call is in flight.
 */
public final class EngineCore {
    private static final AtomicLong THREADS = new AtomicLong();

    final AslClock clock;
    final VirtualClock virtual;
    final boolean autoAdvance;
    final TaskResolver resolver;
    final HistoryListener listener;
    final HistoryMode historyMode;
    final SplittableRandom random;
    final String region;
    final String accountId;
    /** Largest state output in bytes (AWS: 256 KiB); 0 for no limit. */
    final long payloadLimit;

    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean driving = new AtomicBoolean();
    /** Callers blocked in run/await: a virtual clock only jumps while someone waits for a result. */
    private final AtomicInteger awaiting = new AtomicInteger();
    private volatile Thread driverThread;
    private int inFlight;
    private long timerSeq;
    private long tokenSeq;
    final ConcurrentHashMap<String, TaskCall> tokens = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public EngineCore(AslClock clock, TaskResolver resolver, HistoryListener listener, HistoryMode historyMode,
            long seed, String region, String accountId, long payloadLimit) {
        this.payloadLimit = payloadLimit;
        this.clock = clock;
        this.virtual = clock instanceof VirtualClock v ? v : null;
        this.autoAdvance = virtual != null && virtual.isAutoAdvancing();
        this.resolver = resolver;
        this.listener = listener;
        this.historyMode = historyMode;
        this.random = new SplittableRandom(seed);
        this.region = region;
        this.accountId = accountId;
        if (virtual != null && !autoAdvance) {
            virtual.onAdvance(() -> post(() -> { }));
        }
    }

    /** A timer in the heap; cancelled ones are dropped when they reach the top. */
    static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long seq;
        final Runnable action;
        final Exec owner;
        boolean cancelled;

        Timer(long deadline, long seq, Runnable action, Exec owner) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
            this.owner = owner;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        void cancel() {
            if (!cancelled) {
                cancelled = true;
                owner.core.timerCancelled();
            }
        }

        boolean dead() {
            return cancelled || owner != null && owner.ended;
        }
    }

    private int cancelledTimers;

    /**
     * Counts a cancelled timer; once they are the majority of the heap, drops them all (a machine-level timeout
     * two days out must not keep every finished execution alive).
     */
    void timerCancelled() {
        cancelledTimers++;
        if (cancelledTimers > 32 && cancelledTimers * 2 > timers.size()) {
            timers.removeIf(Timer::dead);
            cancelledTimers = 0;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Used on the driver thread

    /** The clock's time, read once per unit of work: events of one synchronous burst share a timestamp. */
    Instant now() {
        Instant t = burstNow;
        if (t == null) {
            t = clock.now();
            burstNow = t;
        }
        return t;
    }

    private Instant burstNow;

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    Timer schedule(Instant at, Exec owner, Runnable action) {
        Timer t = new Timer(nanos(at), timerSeq++, action, owner);
        timers.add(t);
        return t;
    }

    void enqueue(Runnable r) {
        ready.add(r);
    }

    void taskStarted() {
        inFlight++;
    }

    void taskFinished() {
        inFlight--;
    }

    void executionStarted() {
        active.incrementAndGet();
    }

    void executionEnded() {
        active.decrementAndGet();
    }

    String newToken() {
        long n = ++tokenSeq;
        long r = random.nextLong();
        return "AQ" + Long.toHexString(r) + Long.toHexString(n) + Long.toHexString(System.identityHashCode(this));
    }

    // ------------------------------------------------------------------------------------------------
    // Any thread

    /** Posts work for the driver and makes sure someone drives. */
    public void post(Runnable r) {
        inbox.add(r);
        Thread t = driverThread;
        if (t != null) {
            LockSupport.unpark(t);
        } else {
            ensureDriver();
        }
    }

    private void ensureDriver() {
        if (closed) {
            return;
        }
        if (driving.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("dayshift-asl-engine-" + THREADS.incrementAndGet()).start(() -> {
                try {
                    drive(null);
                } finally {
                    release();
                }
            });
        }
    }

    private void release() {
        driverThread = null;
        driving.set(false);
        if (!inbox.isEmpty() || active.get() > 0 && (!ready.isEmpty() || hasLiveTimers())) {
            ensureDriver();
        }
    }

    private boolean hasLiveTimers() {
        for (Timer t : timers) {
            if (!t.dead()) {
                return true;
            }
        }
        return false;
    }

    /** True when the calling thread is the engine's driver (a handler or listener running inside the engine). */
    public boolean onDriverThread() {
        return driverThread == Thread.currentThread();
    }

    /** Blocks until {@code exec} ends, driving the loop when nobody else does. */
    public void await(Exec exec, long timeoutNanos) throws TimeoutException {
        if (onDriverThread()) {
            throw new IllegalStateException("An execution cannot be awaited from the engine's own thread (a task"
                    + " handler or listener); complete the task asynchronously instead");
        }
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        awaiting.incrementAndGet();
        try {
            awaitLoop(exec, deadline);
        } finally {
            awaiting.decrementAndGet();
        }
    }

    private void awaitLoop(Exec exec, long deadline) throws TimeoutException {
        Thread t = driverThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        while (!exec.done.isDone()) {
            if (driving.compareAndSet(false, true)) {
                try {
                    drive(exec);
                } finally {
                    release();
                }
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                exec.done.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // check again: the driver may have stopped, or our own deadline may have passed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while awaiting an execution", e);
            } catch (ExecutionException e) {
                return;
            }
        }
    }

    /**
     * Starts an execution and drives the loop on the calling thread until it ends (no thread hand-off when
     * nobody else is driving); falls back to {@link #start} and {@link #await} otherwise.
     */
    public void run(Exec exec, long timeoutNanos) throws TimeoutException {
        if (!onDriverThread() && driving.compareAndSet(false, true)) {
            awaiting.incrementAndGet();
            try {
                ready.add(exec::begin);
                drive(exec);
            } finally {
                awaiting.decrementAndGet();
                release();
            }
            return;
        }
        start(exec);
        await(exec, timeoutNanos);
    }

    /** Starts an execution: it begins on the driver, in order with everything else. */
    public void start(Exec exec) {
        post(exec::begin);
    }

    /** Posts a task token's success; throws when the token is unknown or closed. */
    public void sendTaskSuccess(String token, Object output) {
        TaskCall c = call(token);
        post(() -> c.tokenSuccess(output));
    }

    public void sendTaskFailure(String token, String error, String cause) {
        TaskCall c = call(token);
        post(() -> c.tokenFailure(error, cause));
    }

    public void sendTaskHeartbeat(String token) {
        TaskCall c = call(token);
        post(c::tokenHeartbeat);
    }

    private TaskCall call(String token) {
        TaskCall c = token == null ? null : tokens.get(token);
        if (c == null) {
            throw new dev.dayshift.asl.TaskTokenException("The task token is unknown, or its task has already"
                    + " finished, timed out or been cancelled: " + token);
        }
        return c;
    }

    /** Aborts an execution (posted to the driver). */
    public void stop(Exec exec, String error, String cause) {
        post(() -> exec.end(dev.dayshift.asl.ExecutionStatus.ABORTED, dev.dayshift.asl.HistoryEvent.NONE_VALUE,
                error, cause));
    }

    /** Stops the background driver (executions still running stay as they are). */
    public void close() {
        closed = true;
        Thread t = driverThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ------------------------------------------------------------------------------------------------

    private void drive(Exec until) {
        driverThread = Thread.currentThread();
        while (true) {
            Runnable r;
            while ((r = inbox.poll()) != null) {
                ready.add(r);
            }
            r = ready.poll();
            if (r != null) {
                burstNow = null;
                r.run();
                continue;
            }
            burstNow = null;
            if (until != null && until.done.isDone()) {
                return;
            }
            if (closed && until == null) {
                return;
            }
            Timer t = timers.peek();
            while (t != null && t.dead()) {
                timers.poll();
                t = timers.peek();
            }
            if (t != null) {
                long now = nanos(clock.now());
                if (t.deadline <= now) {
                    timers.poll();
                    burstNow = null;
                    t.action.run();
                    continue;
                }
                if (autoAdvance && inFlight == 0 && awaiting.get() > 0) {
                    virtual.jumpTo(Instant.ofEpochSecond(0, t.deadline));
                    continue;
                }
                if (virtual == null) {
                    LockSupport.parkNanos(this, t.deadline - now);
                } else {
                    LockSupport.park(this);
                }
                continue;
            }
            if (until == null && active.get() == 0 && inbox.isEmpty()) {
                return;
            }
            LockSupport.park(this);
        }
    }
}
