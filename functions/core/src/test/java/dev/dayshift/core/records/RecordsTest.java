package dev.dayshift.core.records;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.lifecycle.ChangeCounts;
import dev.dayshift.core.lifecycle.LifecycleAction;
import dev.dayshift.core.lifecycle.Trigger;
import dev.dayshift.core.state.InMemoryStateStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordsTest {

    static final Instant T0 = Instant.parse("2026-11-23T13:00:00Z");
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final InMemoryStateStore store = new InMemoryStateStore(now::get);

    static LockRecord lock(String holder, Instant at) {
        return new LockRecord("dev", holder, "runtime up", at, at.plus(Duration.ofHours(2)));
    }

    @Nested
    class Locks {
        final LockRepository locks = new LockRepository(store);

        @Test
        void twoExecutionsRacingForTheLockHaveExactlyOneWinner() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<LockRepository.Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String holder = "exec-" + i;
                attempts.add(pool.submit(() -> {
                    go.await();
                    return locks.acquire(lock(holder, T0));
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<LockRepository.Attempt> f : attempts) {
                winners += f.get().acquired() ? 1 : 0;
            }
            pool.shutdown();
            assertThat(winners).isEqualTo(1);
        }

        @Test
        void theHolderRetakesItsOwnLockAndOthersSeeTheHolder() {
            assertThat(locks.acquire(lock("a", T0)).acquired()).isTrue();
            assertThat(locks.acquire(lock("a", T0.plusSeconds(5))).acquired()).isTrue();
            LockRepository.Attempt other = locks.acquire(lock("b", T0));
            assertThat(other.acquired()).isFalse();
            assertThat(other.holder().holder()).isEqualTo("a");
        }

        @Test
        void aStoreThatRefusesTheLockAndThenHasNoHolderIsNotRetriedForever() {
            java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
            dev.dayshift.core.state.StateStore inconsistent = new dev.dayshift.core.state.StateStore() {
                @Override
                public Optional<dev.dayshift.core.state.StoredItem> get(String pk, String sk) {
                    return Optional.empty();
                }

                @Override
                public List<dev.dayshift.core.state.StoredItem> query(String pk, String skPrefix) {
                    return List.of();
                }

                @Override
                public boolean putIfAbsent(dev.dayshift.core.state.StoredItem item) {
                    writes.incrementAndGet();
                    return false;
                }

                @Override
                public boolean replace(dev.dayshift.core.state.StoredItem item) {
                    return false;
                }

                @Override
                public boolean deleteIfVersion(String pk, String sk, long version) {
                    return false;
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LockRepository(inconsistent).acquire(lock("a", T0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("environment 'dev'");
            assertThat(writes).hasValue(LockRepository.MAX_ATTEMPTS);
        }

        @Test
        void onlyTheHolderReleases() {
            locks.acquire(lock("a", T0));
            assertThat(locks.release("dev", "b")).isFalse();
            assertThat(locks.current("dev")).isPresent();
            assertThat(locks.release("dev", "a")).isTrue();
            assertThat(locks.current("dev")).isEmpty();
            assertThat(locks.release("dev", "a")).isFalse();
        }

        @Test
        void aLockLapsesAtTheEndOfItsLease() {
            locks.acquire(lock("a", T0));
            now.set(T0.plus(Duration.ofHours(2)));
            assertThat(locks.acquire(lock("b", now.get())).acquired()).isTrue();
        }

        @Test
        void forceReleaseClearsAStuckLock() {
            locks.acquire(lock("a", T0));
            assertThat(locks.forceRelease("dev")).map(LockRecord::holder).contains("a");
            assertThat(locks.isFree("dev", T0)).isTrue();
        }
    }

    @Nested
    class PhaseStates {
        final PhaseStateRepository states = new PhaseStateRepository(store);

        PhaseState state(PhaseState.Status s, Instant at, String exec) {
            return new PhaseState("dev", PhaseName.RUNTIME, s, LifecycleAction.UP, PhaseState.Outcome.SUCCEEDED,
                    Trigger.SCHEDULE, at, exec, "schedule", "", Optional.of(new ChangeCounts(3, 0, 0, 0)),
                    Optional.of("file:///log"), Optional.empty());
        }

        @Test
        void theLastRecordIsCurrentAndEveryRecordIsInTheHistoryInTimeOrder() {
            assertThat(states.current("dev", PhaseName.RUNTIME)).isEmpty();
            states.record(state(PhaseState.Status.UP, T0, "e1"));
            states.record(state(PhaseState.Status.DOWN, T0.plusMillis(500), "e2"));
            states.record(state(PhaseState.Status.UP, T0.plusSeconds(1), "e3"));
            assertThat(states.current("dev", PhaseName.RUNTIME)).hasValueSatisfying(s -> {
                assertThat(s.executionId()).isEqualTo("e3");
                assertThat(s.changes()).contains(new ChangeCounts(3, 0, 0, 0));
            });
            assertThat(states.history("dev")).extracting(PhaseState::executionId).containsExactly("e1", "e2", "e3");
            assertThat(states.current("dev", PhaseName.BASE)).isEmpty();
        }
    }

    @Nested
    class Overrides {
        final OverrideRepository overrides = new OverrideRepository(store);

        RuntimeOverride o(ScheduleOverride.Mode mode, Instant setAt, Duration lasts) {
            return new RuntimeOverride("dev", new ScheduleOverride(mode, Optional.empty(), setAt.plus(lasts), "demo", "alice"), setAt);
        }

        @Test
        void theNewestActiveOverrideWins() {
            overrides.set(o(ScheduleOverride.Mode.KEEP_DOWN, T0, Duration.ofDays(2)));
            overrides.set(o(ScheduleOverride.Mode.KEEP_UP, T0.plusSeconds(60), Duration.ofHours(1)));
            assertThat(overrides.activeAt("dev", T0.plusSeconds(120))).map(r -> r.override().mode())
                    .contains(ScheduleOverride.Mode.KEEP_UP);
            assertThat(overrides.activeAt("dev", T0.plus(Duration.ofHours(3)))).map(r -> r.override().mode())
                    .contains(ScheduleOverride.Mode.KEEP_DOWN);
        }

        @Test
        void overridesExpireByThemselvesAndCanBeCleared() {
            overrides.set(o(ScheduleOverride.Mode.KEEP_UP, T0, Duration.ofHours(1)));
            now.set(T0.plus(Duration.ofHours(1)));
            assertThat(overrides.all("dev")).isEmpty();
            overrides.set(o(ScheduleOverride.Mode.KEEP_UP, now.get(), Duration.ofHours(1)));
            assertThat(overrides.clear("dev")).isEqualTo(1);
            assertThat(overrides.all("dev")).isEmpty();
        }
    }

    @Nested
    class BudgetBlocks {
        final BudgetBlockRepository blocks = new BudgetBlockRepository(store);

        BudgetBlock block(Instant until) {
            return new BudgetBlock("dev", T0, until, "actual spend passed 100%",
                    new BudgetBlock.Figures("dayshift-dev", new BigDecimal("400"), Optional.of(new BigDecimal("412.50")),
                            Optional.of(new BigDecimal("520")), "USD"));
        }

        @Test
        void blockingAgainKeepsTheLongerBlock() {
            Instant monthEnd = Instant.parse("2026-12-01T00:00:00Z");
            blocks.block(block(monthEnd));
            assertThat(blocks.block(block(T0.plus(Duration.ofDays(1)))).until()).isEqualTo(monthEnd);
            assertThat(blocks.activeAt("dev", T0.plusSeconds(1))).hasValueSatisfying(b -> {
                assertThat(b.figures().actual()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("412.50"));
                assertThat(b.figures().forecast()).contains(new BigDecimal("520"));
            });
            assertThat(blocks.lift("dev")).isTrue();
            assertThat(blocks.current("dev")).isEmpty();
        }

        @Test
        void aBlockLapsesAtItsUntil() {
            blocks.block(block(T0.plus(Duration.ofDays(1))));
            now.set(T0.plus(Duration.ofDays(1)));
            assertThat(blocks.activeAt("dev", now.get())).isEmpty();
        }
    }

    @Nested
    class Approvals {
        final ApprovalRepository approvals = new ApprovalRepository(store);

        @Test
        void onlyTheWaitingExecutionResolvesItsApproval() {
            approvals.request(new PendingApproval("dev", "e1", "tok", "runtime up: 3 to create", T0, T0.plusSeconds(3600)));
            assertThat(approvals.resolve("dev", "e2")).isEmpty();
            assertThat(approvals.pending("dev")).map(PendingApproval::taskToken).contains("tok");
            assertThat(approvals.resolve("dev", "e1")).isPresent();
            assertThat(approvals.pending("dev")).isEmpty();
        }
    }

    @Nested
    class Decisions {
        final DecisionRepository decisions = new DecisionRepository(store);

        @Test
        void theFirstDecisionForAnEventStands() {
            GateDecision first = new GateDecision("dev", GateDecision.Desired.UP, T0, T0, GateDecision.Verdict.STARTED,
                    "scheduled", Optional.of("sched-dev-up-20261123T1300Z"));
            assertThat(decisions.recordFirst(first)).isEmpty();
            GateDecision again = new GateDecision("dev", GateDecision.Desired.UP, T0, T0.plusSeconds(3),
                    GateDecision.Verdict.SKIPPED, "already up", Optional.empty());
            assertThat(decisions.recordFirst(again)).contains(first);
            assertThat(decisions.all("dev")).containsExactly(first);
        }
    }
}
