package dev.dayshift.core.state;

import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link StateStore} in memory: for tests and for virtual-time local runs. */
public final class InMemoryStateStore implements StateStore {

    private final Map<String, StoredItem> items = new ConcurrentHashMap<>();
    private final InstantSource clock;

    public InMemoryStateStore() {
        this(Clock.systemUTC());
    }

    /** Expiry is judged by {@code clock} (a virtual clock in simulations). */
    public InMemoryStateStore(InstantSource clock) {
        this.clock = clock;
    }

    private static String key(String pk, String sk) {
        return pk + '\u0000' + sk;
    }

    private StoredItem live(StoredItem item) {
        return item == null || item.expiredAt(clock.instant()) ? null : item;
    }

    @Override
    public Optional<StoredItem> get(String pk, String sk) {
        return Optional.ofNullable(live(items.get(key(pk, sk))));
    }

    @Override
    public List<StoredItem> query(String pk, String skPrefix) {
        List<StoredItem> out = new ArrayList<>();
        for (StoredItem item : items.values()) {
            if (item.pk().equals(pk) && item.sk().startsWith(skPrefix) && live(item) != null) {
                out.add(item);
            }
        }
        out.sort(java.util.Comparator.comparing(StoredItem::sk));
        return out;
    }

    @Override
    public boolean putIfAbsent(StoredItem item) {
        boolean[] written = {false};
        items.compute(key(item.pk(), item.sk()), (k, old) -> {
            if (live(old) != null) {
                return old;
            }
            written[0] = true;
            return new StoredItem(item.pk(), item.sk(), 1, item.json(), item.expiresAt());
        });
        return written[0];
    }

    @Override
    public boolean replace(StoredItem item) {
        boolean[] written = {false};
        items.computeIfPresent(key(item.pk(), item.sk()), (k, old) -> {
            if (live(old) != null && old.version() == item.version() - 1) {
                written[0] = true;
                return item;
            }
            return old;
        });
        return written[0];
    }

    @Override
    public boolean deleteIfVersion(String pk, String sk, long version) {
        boolean[] deleted = {false};
        items.computeIfPresent(key(pk, sk), (k, old) -> {
            if (live(old) != null && old.version() == version) {
                deleted[0] = true;
                return null;
            }
            return old;
        });
        return deleted[0];
    }
}
