package dev.dayshift.functions.schedulegate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.DynamoDbStateStore;
import dev.dayshift.aws.StepFunctionsExecutionStarter;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.gate.ScheduleEvent;
import dev.dayshift.core.gate.ScheduleGate;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.records.GateDecision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import dev.dayshift.aws.snapstart.SnapStart;
import dev.dayshift.core.events.Priming;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The schedule gate Lambda: EventBridge Scheduler's target input ({@code {"environment", "desired",
 * "scheduledAt": "<aws.scheduler.scheduled-time>"}}) in, the decision out. The logic is
 * {@link ScheduleGate} in the core; this wires it to DynamoDB and Step Functions. Environment:
 * {@code DAYSHIFT_CONFIG} (default {@code /var/task/dayshift.yaml}), {@code DAYSHIFT_STATE_TABLE},
 * {@code DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN}; {@code AWS_ENDPOINT_URL} for an emulator. A bad event
 * fails the invocation with its reason (Scheduler retries, then dead-letters it).
 *
 * <p>SnapStart (docs/snapstart.md): before the snapshot the handler runs itself on an {@code up} and a
 * {@code down} event of every configured environment, with every AWS call answered in memory; after a
 * restore it renews what each copy must own.
 */
public final class ScheduleGateHandler implements RequestStreamHandler, Resource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScheduleGate gate;
    private final dev.dayshift.core.config.DayshiftConfig config;

    public ScheduleGateHandler() {
        this(System.getenv());
    }

    ScheduleGateHandler(Map<String, String> env) {
        Optional<URI> endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL")).map(URI::create);
        String table = require(env, "DAYSHIFT_STATE_TABLE");
        String machine = require(env, "DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN");
        this.config = ConfigLoader.load(Path.of(env.getOrDefault("DAYSHIFT_CONFIG", "/var/task/dayshift.yaml")));
        this.gate = new ScheduleGate(config,
                new DynamoDbStateStore(AwsClients.build(DynamoDbClient.builder(), endpoint), table),
                new StepFunctionsExecutionStarter(AwsClients.build(SfnClient.builder(), endpoint),
                        Map.of(ExecutionStarter.Machine.LIFECYCLE, machine)),
                Clock.systemUTC());
        SnapStart.register(this);
    }

    /** Runs {@link #handleRequest} on synthetic Scheduler events, every AWS call answered in memory. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SnapStart.prime(getClass(), SnapStart.step("scheduler events", () -> {
            for (ObjectNode event : Priming.scheduleEvents(config, Instant.now())) {
                handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), OutputStream.nullOutputStream(), null);
            }
        }));
    }

    /** Renews this copy's randomness and credentials (the gate itself reads the clock per event). */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        SnapStart.restore();
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "the schedule gate Lambda needs " + name
                    + " in its environment");
        }
        return v;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        GateDecision d = gate.handle(ScheduleEvent.parse(JSON.readTree(input)));
        ObjectNode out = JSON.createObjectNode();
        out.put("environment", d.environment());
        out.put("desired", d.desired().id());
        out.put("scheduledAt", d.scheduledAt().toString());
        out.put("verdict", d.verdict().id());
        out.put("reason", d.reason());
        d.executionName().ifPresent(n -> out.put("executionName", n));
        JSON.writeValue(output, out);
    }
}
