package dev.dayshift.asl;

import dev.dayshift.asl.internal.EngineCore;
import dev.dayshift.asl.internal.Exec;
import dev.dayshift.asl.internal.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Runs state machines in-process. One engine runs any number of executions on one clock and one task resolver;
 * it is thread-safe. Build it with {@link #builder()}:
 *
 * <pre>{@code
 * AslEngine engine = AslEngine.builder()
 *         .clock(VirtualClock.autoAdvancing(Instant.parse("2025-01-06T08:00:00Z")))
 *         .resolver(TaskResolvers.builder().handler("arn:aws:lambda:us-east-1:123456789012:function:gate", gate::handle).build())
 *         .build();
 * ExecutionResult r = engine.run(StateMachine.parse(json), "{\"env\":\"dev\"}", StartOptions.defaults());
 * }</pre>
 */
public final class AslEngine implements AutoCloseable {
    /** AWS's payload quota: 256 KiB. */
    public static final long DEFAULT_PAYLOAD_LIMIT = 256 * 1024;

    private final EngineCore core;
    private final HistoryMode historyMode;
    private final String region;
    private final String accountId;

    private AslEngine(Builder b) {
        this.historyMode = b.history;
        this.region = b.region;
        this.accountId = b.accountId;
        this.core = new EngineCore(b.clock, b.resolver, b.listener, b.history, b.seed, b.region, b.accountId,
                b.payloadLimit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts an execution and returns at once.
     *
     * @throws InvalidInputException when {@code inputJson} is not JSON
     */
    public Execution start(StateMachine machine, String inputJson, StartOptions options) {
        Exec exec = newExec(machine, inputJson, options);
        Execution handle = new Execution(core, exec);
        core.start(exec);
        return handle;
    }

    /**
     * Starts an execution and waits for it to end (on a virtual clock this returns as soon as the work is done,
     * whatever the Waits say).
     *
     * @throws InvalidInputException when {@code inputJson} is not JSON
     */
    public ExecutionResult run(StateMachine machine, String inputJson, StartOptions options) {
        Exec exec = newExec(machine, inputJson, options);
        Execution handle = new Execution(core, exec);
        try {
            core.run(exec, -1);
        } catch (TimeoutException e) {
            throw new IllegalStateException("unreachable: no timeout", e);
        }
        return handle.result().orElseThrow();
    }

    /** {@link #run(StateMachine, String, StartOptions)} with default options. */
    public ExecutionResult run(StateMachine machine, String inputJson) {
        return run(machine, inputJson, StartOptions.defaults());
    }

    /** Like {@link #run(StateMachine, String, StartOptions)}, giving up after {@code timeout} of real time. */
    public ExecutionResult run(StateMachine machine, String inputJson, StartOptions options, Duration timeout)
            throws TimeoutException {
        return start(machine, inputJson, options).await(timeout);
    }

    private Exec newExec(StateMachine machine, String inputJson, StartOptions options) {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(options, "options");
        Object input;
        try {
            input = Json.parse(inputJson == null ? "{}" : inputJson);
        } catch (Json.JsonSyntaxException e) {
            throw new InvalidInputException("The execution input is not valid JSON: " + e.getMessage());
        }
        String smName = options.stateMachineName();
        String smArn = options.stateMachineArn();
        if (smArn == null) {
            smArn = "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + smName;
        } else if ("StateMachine".equals(smName) && smArn.contains(":stateMachine:")) {
            smName = smArn.substring(smArn.lastIndexOf(':') + 1);
        }
        String name = options.executionName() != null ? options.executionName() : randomName();
        String role = options.roleArn() != null ? options.roleArn()
                : "arn:aws:iam::" + accountId + ":role/" + smName + "-role";
        HistoryMode mode = options.history() != null ? options.history() : historyMode;
        return new Exec(core, machine.model(), name, smArn, smName, role, options.testCase(), input, mode,
                options.listener());
    }

    /** A version 4 UUID; ThreadLocalRandom is enough for names and far cheaper than SecureRandom. */
    private static String randomName() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /**
     * Completes a {@code .waitForTaskToken} task with {@code outputJson} (as SendTaskSuccess).
     *
     * @throws TaskTokenException when the token is unknown or its task has closed
     * @throws InvalidInputException when the output is not JSON
     */
    public void sendTaskSuccess(String taskToken, String outputJson) {
        Object out;
        try {
            out = Json.parse(outputJson);
        } catch (Json.JsonSyntaxException e) {
            throw new InvalidInputException("The task output is not valid JSON: " + e.getMessage());
        }
        core.sendTaskSuccess(taskToken, out);
    }

    /** Fails a {@code .waitForTaskToken} task (as SendTaskFailure). */
    public void sendTaskFailure(String taskToken, String error, String cause) {
        core.sendTaskFailure(taskToken, error, cause);
    }

    /** Restarts a task's HeartbeatSeconds countdown (as SendTaskHeartbeat). */
    public void sendTaskHeartbeat(String taskToken) {
        core.sendTaskHeartbeat(taskToken);
    }

    /** Stops the engine's background thread; running executions stay where they are. */
    @Override
    public void close() {
        core.close();
    }

    /** Builds an {@link AslEngine}. */
    public static final class Builder {
        private AslClock clock = AslClock.system();
        private TaskResolver resolver;
        private HistoryListener listener;
        private HistoryMode history = HistoryMode.FULL;
        private long seed = System.nanoTime();
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private long payloadLimit = DEFAULT_PAYLOAD_LIMIT;

        private Builder() {
        }

        /** The clock (default: the wall clock). */
        public Builder clock(AslClock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Who performs Task states (default: none; tasks then fail, except .waitForTaskToken ones). */
        public Builder resolver(TaskResolver r) {
            this.resolver = r;
            return this;
        }

        /** Sees every execution's events. */
        public Builder listener(HistoryListener l) {
            this.listener = l;
            return this;
        }

        /** Default history mode (FULL). */
        public Builder history(HistoryMode mode) {
            this.history = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Seeds States.MathRandom, States.UUID, jitter and task tokens, for repeatable runs. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The region in ARNs and the context object (default us-east-1). */
        public Builder region(String r) {
            this.region = Objects.requireNonNull(r, "region");
            return this;
        }

        /** The account in ARNs (default 123456789012). */
        public Builder accountId(String a) {
            this.accountId = Objects.requireNonNull(a, "accountId");
            return this;
        }

        /**
         * The largest state output, in bytes, before an execution fails with States.DataLimitExceeded (default
         * {@link #DEFAULT_PAYLOAD_LIMIT}, AWS's 256 KiB); 0 turns the check off (for local runs over big data).
         */
        public Builder payloadLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("payloadLimit must be >= 0");
            }
            this.payloadLimit = bytes;
            return this;
        }

        public AslEngine build() {
            return new AslEngine(this);
        }
    }
}
