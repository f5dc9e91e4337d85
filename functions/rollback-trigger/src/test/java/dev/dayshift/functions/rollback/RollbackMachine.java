package dev.dayshift.functions.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.asl.AslEngine;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.StartOptions;
import dev.dayshift.asl.StateMachine;
import dev.dayshift.asl.TaskResolvers;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.ports.TaskTokens;
import dev.dayshift.core.rollback.AlarmState;
import dev.dayshift.core.rollback.RollbackSteps;
import dev.dayshift.core.state.InMemoryStateStore;
import dev.dayshift.definitions.Definitions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The rollback machine (rollback.asl.json) in the embedded engine, on a virtual clock, with the real
 * {@link RollbackSteps} behind its Lambda tasks and fakes for ECS, CloudWatch and the lifecycle machine.
 */
final class RollbackMachine {

    static final String TASKS_FUNCTION = "dayshift-rollback-tasks";
    static final ObjectMapper JSON = new ObjectMapper();

    final VirtualClock clock = VirtualClock.autoAdvancing(Instant.parse("2026-03-09T14:06:00Z"));
    final InstantSource instants = clock::now;
    final InMemoryStateStore store = new InMemoryStateStore(instants);
    final FakeEcs ecs;
    /** Alarm states to answer, in order; the last one repeats. */
    final List<AlarmState> alarmStates = Collections.synchronizedList(new ArrayList<>(List.of(AlarmState.ALARM, AlarmState.OK)));
    final List<Notifier.Notification> notifications = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> published = Collections.synchronizedList(new ArrayList<>());
    final List<JsonNode> lifecycleStarts = Collections.synchronizedList(new ArrayList<>());
    /** What the fake lifecycle machine ends as. */
    volatile String lifecycleStatus = "SUCCEEDED";
    /** Called when the rollback asks for an approval, with the task token. */
    volatile Consumer<String> onApprovalRequested = token -> { };
    final AslEngine engine;
    final StateMachine machine;

    RollbackMachine(DayshiftConfig config, FakeEcs ecs) {
        this.ecs = ecs;
        TaskTokens tokens = new TaskTokens() {
            @Override
            public void succeed(String taskToken, String outputJson) {
                engine().sendTaskSuccess(taskToken, outputJson);
            }

            @Override
            public void fail(String taskToken, String error, String cause) {
                engine().sendTaskFailure(taskToken, error, cause);
            }
        };
        Notifier notifier = n -> {
            notifications.add(n);
            if ("rollback-approval".equals(n.attributes().get("event"))) {
                String env = n.environment();
                new dev.dayshift.core.records.ApprovalRepository(store).pending(env)
                        .ifPresent(p -> onApprovalRequested.accept(p.taskToken()));
            }
        };
        RollbackSteps steps = new RollbackSteps(config, store, ecs, name -> {
            synchronized (alarmStates) {
                return Optional.of(alarmStates.size() > 1 ? alarmStates.remove(0) : alarmStates.get(0));
            }
        }, tokens, notifier, instants);
        RollbackTasksHandler handler = new RollbackTasksHandler(steps);
        this.engine = AslEngine.builder().clock(clock).resolver(TaskResolvers.builder()
                .handler(TASKS_FUNCTION, handler::handle)
                .handler("arn:aws:states:::sns:publish", in -> {
                    published.add(JSON.readTree(in));
                    return "{\"MessageId\":\"m-" + published.size() + "\"}";
                })
                .handler("arn:aws:states:::states:startExecution.sync:2", in -> {
                    JsonNode args = JSON.readTree(in);
                    lifecycleStarts.add(args.path("Input"));
                    if (!"SUCCEEDED".equals(lifecycleStatus)) {
                        throw new dev.dayshift.asl.TaskFailedException("States.TaskFailed",
                                "{\"status\":\"" + lifecycleStatus + "\",\"error\":\"Dayshift.JobFailed\"}");
                    }
                    return "{\"ExecutionArn\":\"arn:aws:states:local:000000000000:execution:dayshift-lifecycle:l-1\","
                            + "\"Status\":\"SUCCEEDED\",\"Output\":\"{}\"}";
                })
                .build()).build();
        this.machine = StateMachine.parse(Definitions.substitute(Definitions.asl("rollback"), Map.of(
                "RollbackTasksFunctionArn", "arn:aws:lambda:local:000000000000:function:" + TASKS_FUNCTION,
                "NotificationTopicArn", "arn:aws:sns:local:000000000000:dayshift-notifications",
                "LifecycleStateMachineArn", "arn:aws:states:local:000000000000:stateMachine:dayshift-lifecycle")));
    }

    private AslEngine engine() {
        return engine;
    }

    ExecutionResult run(String inputJson) {
        return engine.run(machine, inputJson, StartOptions.builder().executionName("rollback-test").build());
    }

    /** Executions started through {@link #starter()}, by name. */
    final Map<String, dev.dayshift.asl.Execution> executions = new ConcurrentHashMap<>();

    /** An {@link ExecutionStarter} on this engine that, like Step Functions, starts a name once. */
    ExecutionStarter starter() {
        return (m, name, input) -> {
            boolean[] fresh = {false};
            dev.dayshift.asl.Execution e = executions.computeIfAbsent(name, n -> {
                fresh[0] = true;
                return engine.start(machine, input, StartOptions.builder().executionName(n).build());
            });
            return new ExecutionStarter.StartResult(e.executionArn(), !fresh[0]);
        };
    }

    /** The notifications the machine published through sns:publish, as subject + message. */
    List<String> publishedTexts() {
        synchronized (published) {
            return published.stream().map(p -> p.path("Subject").asText() + "\n" + p.path("Message").asText()).toList();
        }
    }
}
