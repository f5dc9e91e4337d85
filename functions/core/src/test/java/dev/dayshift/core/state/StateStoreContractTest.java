package dev.dayshift.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same behaviour from every StateStore; each implementation gets a nested class. */
class StateStoreContractTest {

    static final class MutableClock implements java.time.InstantSource {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T12:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    abstract static class Contract {
        final MutableClock clock = new MutableClock();

        abstract StateStore store();

        /** A second store over the same data, as another process would see it. */
        abstract StateStore sameDataElsewhere();

        @Test
        void putIfAbsentWritesOnceAndThenRefuses() {
            StateStore s = store();
            assertThat(s.putIfAbsent(StoredItem.create("env#a", "lock", "{\"owner\":\"x\"}", Optional.empty()))).isTrue();
            assertThat(s.putIfAbsent(StoredItem.create("env#a", "lock", "{\"owner\":\"y\"}", Optional.empty()))).isFalse();
            assertThat(s.get("env#a", "lock")).hasValueSatisfying(i -> {
                assertThat(i.json()).contains("\"x\"");
                assertThat(i.version()).isEqualTo(1);
            });
        }

        @Test
        void replaceSucceedsOnlyFromTheVersionItRead() {
            StateStore s = store();
            s.putIfAbsent(StoredItem.create("p", "s", "{}", Optional.empty()));
            StoredItem read = s.get("p", "s").orElseThrow();
            assertThat(s.replace(read.next("{\"a\":1}", Optional.empty()))).isTrue();
            assertThat(s.replace(read.next("{\"a\":2}", Optional.empty()))).as("stale version").isFalse();
            assertThat(s.get("p", "s").orElseThrow().json()).isEqualTo("{\"a\":1}");
            assertThat(s.replace(StoredItem.create("p", "missing", "{}", Optional.empty()).next("{}", Optional.empty()))).isFalse();
        }

        @Test
        void deleteIfVersionDeletesOnlyTheVersionItNames() {
            StateStore s = store();
            s.putIfAbsent(StoredItem.create("p", "s", "{}", Optional.empty()));
            assertThat(s.deleteIfVersion("p", "s", 2)).isFalse();
            assertThat(s.deleteIfVersion("p", "s", 1)).isTrue();
            assertThat(s.get("p", "s")).isEmpty();
        }

        @Test
        void expiredItemsAreAbsentAndCanBeCreatedAgain() {
            StateStore s = store();
            s.putIfAbsent(StoredItem.create("p", "s", "{}", Optional.of(clock.now.get().plusSeconds(60))));
            assertThat(s.get("p", "s")).isPresent();
            clock.now.set(clock.now.get().plusSeconds(60));
            assertThat(s.get("p", "s")).isEmpty();
            assertThat(s.query("p", "")).isEmpty();
            assertThat(s.putIfAbsent(StoredItem.create("p", "s", "{\"new\":true}", Optional.empty()))).isTrue();
        }

        @Test
        void queryReturnsAPartitionsItemsWithThePrefixInSortKeyOrder() {
            StateStore s = store();
            s.upsert("env#a", "decision#2026-11-25T10:00:00Z", "{}", Optional.empty());
            s.upsert("env#a", "decision#2026-11-25T09:00:00Z", "{}", Optional.empty());
            s.upsert("env#a", "state", "{}", Optional.empty());
            s.upsert("env#b", "decision#2026-11-25T08:00:00Z", "{}", Optional.empty());
            assertThat(s.query("env#a", "decision#")).extracting(StoredItem::sk)
                    .containsExactly("decision#2026-11-25T09:00:00Z", "decision#2026-11-25T10:00:00Z");
        }

        @Test
        void keysWithAnyCharactersRoundTrip() {
            StateStore s = store();
            s.upsert("alarm#arn:aws:cloudwatch:us-east-1:1:alarm/a b*?", "episode#2026/11/25", "{}", Optional.empty());
            assertThat(s.query("alarm#arn:aws:cloudwatch:us-east-1:1:alarm/a b*?", "episode#")).hasSize(1);
        }

        @Test
        void racingCreatorsHaveExactlyOneWinnerAcrossStores() throws Exception {
            int racers = 16;
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            try {
                for (int i = 0; i < racers; i++) {
                    StateStore s = i % 2 == 0 ? store() : sameDataElsewhere();
                    String json = "{\"racer\":" + i + "}";
                    Callable<Boolean> c = () -> {
                        start.await();
                        return s.putIfAbsent(StoredItem.create("env#race", "lock", json, Optional.empty()));
                    };
                    results.add(pool.submit(c));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void upsertKeepsVersionsIncreasing() {
            StateStore s = store();
            assertThat(s.upsert("p", "s", "{}", Optional.empty()).version()).isEqualTo(1);
            assertThat(s.upsert("p", "s", "{}", Optional.empty()).version()).isEqualTo(2);
        }
    }

    @Nested
    class InMemory extends Contract {
        final InMemoryStateStore shared = new InMemoryStateStore(clock);

        @Override
        StateStore store() {
            return shared;
        }

        @Override
        StateStore sameDataElsewhere() {
            return shared;
        }
    }

    @Nested
    class Files extends Contract {
        @TempDir
        Path dir;

        @Override
        StateStore store() {
            return new FileStateStore(dir, clock);
        }

        @Override
        StateStore sameDataElsewhere() {
            return new FileStateStore(dir, clock);
        }
    }
}
