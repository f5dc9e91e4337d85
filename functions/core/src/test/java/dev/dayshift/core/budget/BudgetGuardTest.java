package dev.dayshift.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.BudgetAction;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.config.BudgetPolicy;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.events.internal.Json;
import dev.dayshift.core.ports.BudgetReader;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.records.BudgetBlock;
import dev.dayshift.core.records.BudgetBlockRepository;
import dev.dayshift.core.state.InMemoryStateStore;
import dev.dayshift.core.testutils.EventSamples;
import dev.dayshift.core.testutils.ManualClock;
import dev.dayshift.core.testutils.RecordingExecutionStarter;
import dev.dayshift.core.testutils.RecordingNotifier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BudgetGuardTest {

    final ManualClock clock = new ManualClock("2026-03-09T16:00:00Z");
    final InMemoryStateStore store = new InMemoryStateStore(clock);
    final RecordingExecutionStarter starter = new RecordingExecutionStarter();
    final RecordingNotifier notifier = new RecordingNotifier();

    BudgetGuard guard(DayshiftConfig config) {
        return new BudgetGuard(config, store, starter, notifier, clock);
    }

    final BudgetGuard guard = guard(EventSamples.config());

    static BudgetNotification budget(String name, String type, String budgeted, String threshold, String amount) {
        return ((Parsed.Ok<BudgetNotification>) BudgetNotifications.parse(Optional.empty(),
                EventSamples.budget(name, type, budgeted, threshold, amount), Optional.empty())).value();
    }

    static final BudgetNotification DEV_ACTUAL_100 = budget("dayshift-dev", "ACTUAL", "$400.00", "$400.00", "$412.37");

    @Nested
    class ThePolicy {

        @Test
        void actualSpendOverTheLimitStopsTheRuntimeBlocksStartsAndNotifiesOnce() {
            BudgetDecision d = guard.handle(DEV_ACTUAL_100);
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.STOP_RUNTIME);
            assertThat(d.taken()).containsExactly(BudgetDecision.Action.STOP_RUNTIME, BudgetDecision.Action.BLOCK_STARTS,
                    BudgetDecision.Action.NOTIFY);
            assertThat(d.environment()).contains("dev");
            assertThat(d.execution()).contains("budget-down-dev-2026-03-01");
            assertThat(d.reason()).contains("ACTUAL $412.37 of $400.00").contains("actual 100% ($400.00)");
            assertThat(starter.started()).singleElement().satisfies(c -> {
                assertThat(c.machine()).isEqualTo(ExecutionStarter.Machine.LIFECYCLE);
                JsonNode in = Json.tryParse(c.input()).orElseThrow();
                assertThat(in.path("environment").asText()).isEqualTo("dev");
                assertThat(in.path("phase").asText()).isEqualTo("runtime");
                assertThat(in.path("action").asText()).isEqualTo("down");
                assertThat(in.path("requestedBy").asText()).isEqualTo("budget-guard");
                assertThat(in.path("trigger").asText()).as("the lifecycle refuses automatic stops of protected"
                        + " environments by this").isEqualTo("budget");
                assertThat(dev.dayshift.core.lifecycle.LifecycleRequest.parse(in).environment()).isEqualTo("dev");
            });
            BudgetBlock block = new BudgetBlockRepository(store).activeAt("dev", clock.instant()).orElseThrow();
            assertThat(block.until()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
            assertThat(block.figures().actual()).contains(new BigDecimal("412.37"));
            assertThat(notifier.published()).singleElement().satisfies(n -> {
                assertThat(n.environment()).isEqualTo("dev");
                assertThat(n.subject()).contains("stopping the runtime");
                assertThat(n.message()).contains("412.37").contains("docs/runbooks/budget.md");
            });
            assertThat(store.query("env#dev", "event#")).singleElement()
                    .satisfies(i -> assertThat(i.json()).contains("\"action\":\"stop-runtime\"").contains("412.37"));
        }

        @Test
        void aForecastOverEightyPercentOnlyNotifies() {
            BudgetDecision d = guard.handle(budget("dayshift-dev", "FORECASTED", "$400.00", "$320.00", "$455.10"));
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.NOTIFY);
            assertThat(d.taken()).containsExactly(BudgetDecision.Action.NOTIFY);
            assertThat(starter.calls()).isEmpty();
            assertThat(new BudgetBlockRepository(store).activeAt("dev", clock.instant())).isEmpty();
            assertThat(notifier.published()).hasSize(1);
        }

        @Test
        void anActualBelowEveryActualAlertDoesNothing() {
            BudgetDecision d = guard.handle(budget("dayshift-dev", "ACTUAL", "$400.00", "$200.00", "$210.00"));
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.IGNORED);
            assertThat(d.reason()).contains("below every ACTUAL alert").contains("$400.00");
            assertThat(notifier.published()).isEmpty();
        }

        @Test
        void anAbsoluteThresholdAndAPercentageOneOfTheSameTypeBothApply() {
            BudgetDecision d = guard.handle(budget("dayshift-staging", "ACTUAL", "$900.00", "$810.00", "$815.00"));
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.BLOCK_STARTS);
            assertThat(d.taken()).containsExactly(BudgetDecision.Action.BLOCK_STARTS, BudgetDecision.Action.NOTIFY);
            assertThat(new BudgetBlockRepository(store).activeAt("staging", clock.instant()).orElseThrow().until())
                    .as("staging's budget is quarterly, but the message names the month").isEqualTo(
                            Instant.parse("2026-04-01T00:00:00Z"));
        }

        @Test
        void aNotificationWithoutAnAmountIsJudgedByTheThresholdItExceeded() {
            BudgetNotification n = ((Parsed.Ok<BudgetNotification>) BudgetNotifications.parse(Optional.empty(),
                    "AWS Budget Notification March 09, 2026\nBudget Name: dayshift-dev\nAlert Type: ACTUAL\n"
                            + "Alert Threshold: > $400.00\n", Optional.empty())).value();
            assertThat(guard.handle(n).action()).isEqualTo(BudgetDecision.Action.STOP_RUNTIME);
        }

        @Test
        void anUnknownBudgetIsIgnored() {
            BudgetDecision d = guard.handle(budget("someone-elses", "ACTUAL", "$1.00", "$1.00", "$2.00"));
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.IGNORED);
            assertThat(d.environment()).isEmpty();
            assertThat(d.reason()).contains("unknown budget 'someone-elses'");
        }
    }

    @Nested
    class ProtectedEnvironments {

        @Test
        void areBlockedAndNotifiedButNeverStopped() {
            BudgetDecision d = guard.handle(budget("dayshift-prod", "ACTUAL", "$5,000.00", "$5,500.00", "$6,012.00"));
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.BLOCK_STARTS);
            assertThat(starter.calls()).isEmpty();
        }

        @Test
        void areNeverStoppedEvenWhenTheirPolicySaysStopRuntime() {
            // The loader refuses this combination; the guard refuses it again on its own.
            DayshiftConfig cfg = EventSamples.config();
            Environment prod = cfg.requireEnvironment("prod");
            BudgetPolicy stopping = new BudgetPolicy(prod.budget().orElseThrow().name(), new BigDecimal("5000"), "USD",
                    BudgetPolicy.Period.MONTHLY, List.of(new BudgetAlert(new BigDecimal("100"),
                    BudgetAlert.ThresholdType.PERCENTAGE, BudgetAlert.NotificationType.ACTUAL,
                    Set.of(BudgetAction.STOP_RUNTIME))));
            Environment hacked = new Environment(prod.name(), prod.region(), prod.zone(), prod.account(), true,
                    prod.costCenter(), prod.tags(), prod.schedule(), prod.holidays(), prod.overrides(), prod.expires(),
                    prod.base(), prod.runtime(), Optional.of(stopping), prod.rollback(), prod.notifications(),
                    prod.lockWait(), prod.approvalTimeout());
            Map<String, Environment> envs = new LinkedHashMap<>(cfg.environments());
            envs.put("prod", hacked);
            BudgetDecision d = guard(new DayshiftConfig(Path.of("x.yaml"), envs, cfg.images()))
                    .handle(budget("dayshift-prod", "ACTUAL", "$5,000.00", "$5,000.00", "$6,012.00"));
            assertThat(d.action()).isEqualTo(BudgetDecision.Action.IGNORED);
            assertThat(d.reason()).contains("protected, so the runtime is never stopped by a budget");
            assertThat(starter.calls()).isEmpty();
        }
    }

    @Nested
    class NeverTwice {

        @Test
        void aRepeatedNotificationRepeatsNoAction() {
            guard.handle(DEV_ACTUAL_100);
            clock.advance(Duration.ofHours(3));
            BudgetDecision again = guard.handle(DEV_ACTUAL_100);
            assertThat(again.action()).isEqualTo(BudgetDecision.Action.IGNORED);
            assertThat(again.reason()).startsWith("repeat:").contains("stop-runtime").contains("block-starts");
            assertThat(again.execution()).contains("budget-down-dev-2026-03-01");
            assertThat(starter.calls()).hasSize(1);
            assertThat(notifier.published()).hasSize(1);
        }

        @RepeatedTest(3)
        void tenConcurrentDeliveriesActOnce() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(10);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BudgetDecision>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return guard.handle(DEV_ACTUAL_100);
                }));
            }
            go.countDown();
            List<BudgetDecision> ds = new ArrayList<>();
            for (Future<BudgetDecision> f : fs) {
                ds.add(f.get());
            }
            pool.shutdownNow();
            assertThat(ds).filteredOn(d -> d.action() == BudgetDecision.Action.STOP_RUNTIME).hasSize(1);
            assertThat(starter.calls()).hasSize(1);
            assertThat(notifier.published()).hasSize(1);
        }

        @Test
        void aStopThatFailedIsTakenOverByTheRetryAfterTheLease() {
            starter.failWith(new DayshiftException(DayshiftException.Kind.FAILED, "throttled"));
            assertThatThrownBy(() -> guard.handle(DEV_ACTUAL_100)).hasMessageContaining("throttled");
            starter.failWith(null);
            clock.advance(Duration.ofMinutes(1));
            BudgetDecision retry = guard.handle(DEV_ACTUAL_100);
            assertThat(retry.action()).isEqualTo(BudgetDecision.Action.STOP_RUNTIME);
            assertThat(starter.started()).hasSize(1);
        }

        @Test
        void aNewBudgetPeriodActsAgain() {
            guard.handle(DEV_ACTUAL_100);
            clock.set(Instant.parse("2026-04-02T09:00:00Z"));
            assertThat(guard.handle(DEV_ACTUAL_100).action()).isEqualTo(BudgetDecision.Action.STOP_RUNTIME);
            assertThat(starter.started()).extracting(RecordingExecutionStarter.Call::name)
                    .containsExactly("budget-down-dev-2026-03-01", "budget-down-dev-2026-04-01");
        }

        @Test
        void aLiftedBlockIsNotPutBackByARepeatInTheSamePeriod() {
            BudgetBlockRepository blocks = new BudgetBlockRepository(store);
            guard.handle(DEV_ACTUAL_100);
            assertThat(blocks.lift("dev")).isTrue();
            guard.handle(DEV_ACTUAL_100);
            assertThat(blocks.activeAt("dev", clock.instant())).isEmpty();
        }
    }

    @Nested
    class TheDailyCheck {

        final Map<String, BudgetReader.Spend> spend = new LinkedHashMap<>();
        final BudgetReader reader = (account, name) -> Optional.ofNullable(spend.get(account + "/" + name));

        @Test
        void actsOnSpendNoNotificationReported() {
            spend.put("111111111111/dayshift-dev", new BudgetReader.Spend(new BigDecimal("400"), new BigDecimal("401.20"),
                    Optional.of(new BigDecimal("650")), "USD", "MONTHLY"));
            List<BudgetDecision> ds = guard.check(reader, e -> e.account().orElse("111111111111"));
            assertThat(ds).extracting(BudgetDecision::action).contains(BudgetDecision.Action.STOP_RUNTIME,
                    BudgetDecision.Action.NOTIFY);
            assertThat(ds.get(0).figures().orElseThrow().source()).isEqualTo("daily-check");
            assertThat(ds.get(0).reason()).contains("401.20 USD");
            assertThat(ds).filteredOn(d -> d.environment().equals(Optional.of("staging")))
                    .singleElement().satisfies(d -> assertThat(d.reason()).contains("does not exist"));
        }

        @Test
        void repeatsNothingANotificationAlreadyDid() {
            guard.handle(DEV_ACTUAL_100);
            spend.put("111111111111/dayshift-dev", new BudgetReader.Spend(new BigDecimal("400"), new BigDecimal("430"),
                    Optional.empty(), "USD", "MONTHLY"));
            List<BudgetDecision> ds = guard.check(reader, e -> "111111111111");
            assertThat(ds.get(0).action()).isEqualTo(BudgetDecision.Action.IGNORED);
            assertThat(starter.calls()).hasSize(1);
        }
    }

    @Nested
    class Periods {

        @Test
        void periodsRunInUtcAndEndAtTheNextBoundary() {
            Instant at = Instant.parse("2026-08-15T23:30:00Z");
            assertThat(BudgetPeriods.containing(BudgetPolicy.Period.DAILY, at).end()).isEqualTo("2026-08-16T00:00:00Z");
            assertThat(BudgetPeriods.containing(BudgetPolicy.Period.MONTHLY, at).id()).isEqualTo("2026-08-01");
            assertThat(BudgetPeriods.containing(BudgetPolicy.Period.QUARTERLY, at).start()).isEqualTo("2026-07-01T00:00:00Z");
            assertThat(BudgetPeriods.containing(BudgetPolicy.Period.QUARTERLY, at).end()).isEqualTo("2026-10-01T00:00:00Z");
            assertThat(BudgetPeriods.containing(BudgetPolicy.Period.ANNUALLY, at).end()).isEqualTo("2027-01-01T00:00:00Z");
        }

        @Test
        void aBlockEndsByItselfWithThePeriod() {
            guard.handle(DEV_ACTUAL_100);
            BudgetBlockRepository blocks = new BudgetBlockRepository(store);
            clock.set(Instant.parse("2026-03-31T23:59:59Z"));
            assertThat(blocks.activeAt("dev", clock.instant())).isPresent();
            clock.set(Instant.parse("2026-04-01T00:00:00Z"));
            assertThat(blocks.activeAt("dev", clock.instant())).isEmpty();
        }
    }
}
