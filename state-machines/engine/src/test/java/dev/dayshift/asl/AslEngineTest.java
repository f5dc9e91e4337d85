package dev.dayshift.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AslEngineTest {
    private static final Instant T0 = Instant.parse("2025-01-06T08:00:00Z");

    private static AslEngine engine(TaskResolver resolver) {
        return AslEngine.builder().clock(VirtualClock.autoAdvancing(T0)).resolver(resolver).seed(1).build();
    }

    private static StateMachine sm(String json) {
        return StateMachine.parse(json.replace('\'', '"'));
    }

    @Nested
    class InProcessHandlers {
        @Test
        void handlerByFunctionName_receivesArgumentsAndReturnsItsResult() {
            TaskResolver r = TaskResolvers.builder()
                    .handler("double", in -> "{\"n\":" + (2 * Integer.parseInt(in.replaceAll("\\D", ""))) + "}")
                    .build();
            StateMachine m = sm("{'StartAt':'T','States':{'T':{'Type':'Task',"
                    + "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:double',"
                    + "'Parameters':{'n.$':'$.x'},'ResultPath':'$.r','End':true}}}");
            ExecutionResult res = engine(r).run(m, "{\"x\":21}");
            assertThat(res.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(res.output()).isEqualTo("{\"x\":21,\"r\":{\"n\":42}}");
        }

        @Test
        void lambdaInvokeIntegration_passesPayloadAndWrapsTheResult() {
            TaskResolver r = TaskResolvers.builder().handler("gate", in -> in).build();
            StateMachine m = sm("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                    + "'Parameters':{'FunctionName':'arn:aws:lambda:us-east-1:123456789012:function:gate:live',"
                    + "'Payload':{'env.$':'$.env'}},'OutputPath':'$.Payload','End':true}}}");
            ExecutionResult res = engine(r).run(m, "{\"env\":\"dev\"}");
            assertThat(res.output()).isEqualTo("{\"env\":\"dev\"}");
        }

        @Test
        void taskFailedException_isRetriedThenCaughtByName() {
            AtomicInteger calls = new AtomicInteger();
            TaskResolver r = TaskResolvers.builder().handler("flaky", in -> {
                calls.incrementAndGet();
                throw new TaskFailedException("LockHeld", "another execution holds the lock");
            }).build();
            StateMachine m = sm("{'StartAt':'T','States':{'T':{'Type':'Task',"
                    + "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:flaky',"
                    + "'Retry':[{'ErrorEquals':['LockHeld'],'IntervalSeconds':60,'MaxAttempts':2,'BackoffRate':2}],"
                    + "'Catch':[{'ErrorEquals':['States.ALL'],'ResultPath':'$.error','Next':'Done'}],'End':true},"
                    + "'Done':{'Type':'Succeed'}}}");
            ExecutionResult res = engine(r).run(m, "{}");
            assertThat(calls).hasValue(3);
            assertThat(res.output()).isEqualTo(
                    "{\"error\":{\"Error\":\"LockHeld\",\"Cause\":\"another execution holds the lock\"}}");
            // 60 s then 120 s of backoff, on virtual time
            assertThat(Duration.between(res.startDate(), res.stopDate())).isEqualTo(Duration.ofSeconds(180));
        }

        @Test
        void anyOtherException_failsWithItsClassNameAsTheError() {
            TaskResolver r = TaskResolvers.builder().handler("boom", in -> {
                throw new IllegalStateException("no config");
            }).build();
            StateMachine m = sm("{'StartAt':'T','States':{'T':{'Type':'Task',"
                    + "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:boom','End':true}}}");
            ExecutionResult res = engine(r).run(m, "{}");
            assertThat(res.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(res.error()).isEqualTo("java.lang.IllegalStateException");
            assertThat(res.cause()).contains("no config");
        }

        @Test
        void unknownResource_failsTheExecutionWithAClearCause() {
            StateMachine m = sm("{'StartAt':'T','States':{'T':{'Type':'Task',"
                    + "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:nobody','End':true}}}");
            ExecutionResult res = engine(null).run(m, "{}");
            assertThat(res.error()).isEqualTo("States.Runtime");
            assertThat(res.cause()).contains("No task resolver handles the resource");
        }

        @Test
        void asyncHandlers_holdTheVirtualClockWhileTheyRun() throws Exception {
            var pool = Executors.newSingleThreadExecutor();
            try {
                TaskResolver r = TaskResolvers.builder().async(pool).handler("slow", in -> {
                    Thread.sleep(50);
                    return "{\"ok\":true}";
                }).build();
                StateMachine m = sm("{'StartAt':'T','States':{'T':{'Type':'Task','TimeoutSeconds':1,"
                        + "'Resource':'arn:aws:lambda:us-east-1:123456789012:function:slow','End':true}}}");
                ExecutionResult res = engine(r).run(m, "{}");
                assertThat(res.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Nested
    class TaskTokens {
        private final String approval = "{'StartAt':'Approve','States':{'Approve':{'Type':'Task',"
                + "'Resource':'arn:aws:states:::sqs:sendMessage.waitForTaskToken','TimeoutSeconds':3600,"
                + "'Parameters':{'token.$':'$$.Task.Token'},'ResultPath':'$.approval','End':true}}}";

        @Test
        void sendTaskSuccess_completesTheWaitingTask() throws Exception {
            CompletableFuture<String> token = new CompletableFuture<>();
            TaskResolver r = request -> {
                assertThat(request.arguments()).isEqualTo(java.util.Map.of("token", request.taskToken()));
                token.complete(request.taskToken());
                return CompletableFuture.completedFuture(TaskResult.awaitToken());
            };
            AslEngine engine = AslEngine.builder().resolver(r).build();
            Execution e = engine.start(sm(approval), "{}", StartOptions.defaults());
            engine.sendTaskSuccess(token.get(10, java.util.concurrent.TimeUnit.SECONDS), "{\"approved\":true}");
            ExecutionResult res = e.await(Duration.ofSeconds(10));
            assertThat(res.output()).isEqualTo("{\"approval\":{\"approved\":true}}");
            String used = token.get();
            assertThatThrownBy(() -> engine.sendTaskSuccess(used, "{}"))
                    .isInstanceOf(TaskTokenException.class);
        }

        @Test
        void aTaskWaitingForItsToken_timesOutOnVirtualTime() {
            ExecutionResult res = engine(null).run(sm(approval), "{}");
            assertThat(res.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(res.error()).isEqualTo("States.Timeout");
            assertThat(Duration.between(res.startDate(), res.stopDate())).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void aListenerCanAnswerTheTokenAsSoonAsTheTaskIsSubmitted() {
            List<String> tokens = new ArrayList<>();
            AslEngine[] holder = new AslEngine[1];
            TaskResolver r = request -> {
                tokens.add(request.taskToken());
                return CompletableFuture.completedFuture(TaskResult.awaitToken());
            };
            holder[0] = AslEngine.builder().clock(VirtualClock.autoAdvancing(T0)).resolver(r)
                    .listener((exec, ev) -> {
                        if (ev.type() == HistoryEventType.TaskSubmitted) {
                            holder[0].sendTaskFailure(tokens.get(0), "Rejected", "not today");
                        }
                    }).build();
            ExecutionResult res = holder[0].run(sm(approval), "{}");
            assertThat(res.error()).isEqualTo("Rejected");
            assertThat(res.cause()).isEqualTo("not today");
        }

        @Test
        void heartbeatsKeepATaskAlive_untilTheyStop() {
            String def = "{'StartAt':'W','States':{'W':{'Type':'Task','HeartbeatSeconds':10,"
                    + "'Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',"
                    + "'Parameters':{'FunctionName':'worker','Payload':{}},'End':true}}}";
            ExecutionResult res = engine(null).run(sm(def), "{}");
            assertThat(res.error()).isEqualTo("States.HeartbeatTimeout");
            assertThat(Duration.between(res.startDate(), res.stopDate())).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Nested
    class VirtualTime {
        @Test
        void aDayOfWaits_runsAtOnceAndEndsADayLater() {
            StateMachine m = sm("{'StartAt':'A','States':{'A':{'Type':'Wait','Seconds':43200,'Next':'B'},"
                    + "'B':{'Type':'Wait','Timestamp':'2025-01-07T08:00:00Z','End':true}}}");
            ExecutionResult res = engine(null).run(m, "{}");
            assertThat(res.stopDate()).isEqualTo(Instant.parse("2025-01-07T08:00:00Z"));
        }

        @Test
        void twoExecutionsOnOneEngine_shareOneTimeline() {
            AslEngine engine = engine(null);
            StateMachine m = sm("{'StartAt':'W','States':{'W':{'Type':'Wait','SecondsPath':'$.s','End':true}}}");
            Execution slow = engine.start(m, "{\"s\":600}", StartOptions.defaults());
            Execution fast = engine.start(m, "{\"s\":60}", StartOptions.defaults());
            ExecutionResult f = fast.await();
            ExecutionResult s = slow.await();
            assertThat(f.stopDate()).isEqualTo(T0.plusSeconds(60));
            assertThat(s.stopDate()).isEqualTo(T0.plusSeconds(600));
        }

        @Test
        void aManualClock_movesOnlyWhenAdvanced() throws Exception {
            VirtualClock clock = VirtualClock.manual(T0);
            AslEngine engine = AslEngine.builder().clock(clock).build();
            StateMachine m = sm("{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':30,'End':true}}}");
            java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
            Execution e = engine.start(m, "{}", StartOptions.builder().listener((x, ev) -> {
                if (ev.type() == HistoryEventType.WaitStateEntered) {
                    waiting.countDown();
                }
            }).build());
            assertThat(waiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(e.result()).isEmpty();
            clock.advance(Duration.ofSeconds(30));
            assertThat(e.await(Duration.ofSeconds(10)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }

        @Test
        void jsonataNow_readsTheEngineClock() {
            StateMachine m = sm("{'QueryLanguage':'JSONata','StartAt':'W','States':{'W':{'Type':'Wait','Seconds':90,"
                    + "'Next':'P'},'P':{'Type':'Pass','Output':{'now':'{% $now() %}','ms':'{% $millis() %}'},"
                    + "'End':true}}}");
            ExecutionResult res = engine(null).run(m, "{}");
            assertThat(res.output()).isEqualTo("{\"now\":\"2025-01-06T08:01:30.000Z\",\"ms\":"
                    + T0.plusSeconds(90).toEpochMilli() + "}");
        }

        @Test
        void executionTimeoutSeconds_endsAsTimedOut() {
            StateMachine m = sm("{'TimeoutSeconds':5,'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':60,"
                    + "'End':true}}}");
            ExecutionResult res = engine(null).run(m, "{}");
            assertThat(res.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(res.history().get(res.history().size() - 1).type())
                    .isEqualTo(HistoryEventType.ExecutionTimedOut);
        }
    }

    @Nested
    class History {
        @Test
        void eventsFollowAwsTypesAndOrder() {
            TaskResolver r = TaskResolvers.builder().handler("f", in -> "1").build();
            StateMachine m = sm("{'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.xs','ItemProcessor':{"
                    + "'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                    + "'Parameters':{'FunctionName':'f'},'OutputPath':'$.Payload','End':true}}},'End':true}}}");
            ExecutionResult res = engine(r).run(m, "{\"xs\":[1]}");
            assertThat(res.history()).extracting(HistoryEvent::type).containsExactly(
                    HistoryEventType.ExecutionStarted, HistoryEventType.MapStateEntered,
                    HistoryEventType.MapStateStarted, HistoryEventType.MapIterationStarted,
                    HistoryEventType.TaskStateEntered, HistoryEventType.TaskScheduled, HistoryEventType.TaskStarted,
                    HistoryEventType.TaskSucceeded, HistoryEventType.TaskStateExited,
                    HistoryEventType.MapIterationSucceeded, HistoryEventType.MapStateSucceeded,
                    HistoryEventType.MapStateExited, HistoryEventType.ExecutionSucceeded);
            HistoryEvent scheduled = res.history().get(5);
            assertThat(scheduled.resourceType()).isEqualTo("lambda");
            assertThat(scheduled.resource()).isEqualTo("invoke");
            assertThat(scheduled.toJson()).contains("\"taskScheduledEventDetails\"", "\"parameters\"");
            assertThat(res.output()).isEqualTo("[1]");
        }

        @Test
        void listenersSeeEveryEventAsItHappens_evenWithoutKeptHistory() {
            List<HistoryEventType> seen = new CopyOnWriteArrayList<>();
            AslEngine engine = AslEngine.builder().clock(VirtualClock.autoAdvancing(T0)).history(HistoryMode.NONE)
                    .build();
            StateMachine m = sm("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}");
            ExecutionResult res = engine.run(m, "{}", StartOptions.builder().listener((e, ev) -> seen.add(ev.type()))
                    .build());
            assertThat(res.history()).isEmpty();
            assertThat(seen).containsExactly(HistoryEventType.ExecutionStarted, HistoryEventType.PassStateEntered,
                    HistoryEventType.PassStateExited, HistoryEventType.ExecutionSucceeded);
        }
    }

    @Nested
    class Mocks {
        private final String mock = "{'StateMachines':{'Lifecycle':{'TestCases':{'Retry':{'Apply':'Flaky'}}}},"
                + "'MockedResponses':{'Flaky':{'0-1':{'Throw':{'Error':'Lambda.ServiceException','Cause':'busy'}},"
                + "'2':{'Return':{'applied':true}}}}}";

        @Test
        void mockedResponses_followInvocationRanges() {
            MockConfig config = MockConfig.parse(mock.replace('\'', '"'));
            StateMachine m = sm("{'StartAt':'Apply','States':{'Apply':{'Type':'Task',"
                    + "'Resource':'arn:aws:states:::codebuild:startBuild.sync','Retry':[{'ErrorEquals':"
                    + "['Lambda.ServiceException'],'MaxAttempts':3}],'End':true}}}");
            ExecutionResult res = engine(config.resolver()).run(m, "{}", StartOptions.builder()
                    .stateMachineName("Lifecycle").testCase("Retry").build());
            assertThat(res.output()).isEqualTo("{\"applied\":true}");
            assertThat(res.history()).filteredOn(e -> e.type() == HistoryEventType.TaskFailed).hasSize(2);
        }

        @Test
        void aMockFileThatNamesAMissingResponse_isRejectedWithItsLocation() {
            assertThatThrownBy(() -> MockConfig.parse("{\"StateMachines\":{\"M\":{\"TestCases\":{\"T\":"
                    + "{\"S\":\"Nope\"}}}},\"MockedResponses\":{}}"))
                    .isInstanceOf(AslValidationException.class)
                    .hasMessageContaining("/StateMachines/M/TestCases/T/S");
        }
    }

    @Test
    void badInputJson_isRejectedBeforeAnythingRuns() {
        StateMachine m = sm("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}");
        assertThatThrownBy(() -> engine(null).run(m, "{oops"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aMapOverManyItems_withoutHistory_runsWithinABoundedHeap() {
        AslEngine engine = AslEngine.builder().clock(VirtualClock.autoAdvancing(T0)).history(HistoryMode.NONE)
                .payloadLimit(0).build();
        StateMachine m = sm("{'StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':0,'ItemProcessor':{"
                + "'StartAt':'P','States':{'P':{'Type':'Pass','Parameters':{'v.$':'$'},'End':true}}},"
                + "'ResultSelector':{'n.$':'States.ArrayLength($)'},'End':true}}}");
        StringBuilder in = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            in.append(i == 0 ? "" : ",").append(i);
        }
        ExecutionResult res = engine.run(m, in.append(']').toString());
        assertThat(res.output()).isEqualTo("{\"n\":20000}");
    }
}
