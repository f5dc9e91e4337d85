package dev.dayshift.asl.internal;

import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.HistoryEventType;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * An execution's history kept as parallel arrays: appending an event allocates nothing but the occasional
 * array growth, and {@link HistoryEvent} objects are made only when someone reads the history.
 * Appended on the driver thread; read from any thread through {@link #snapshot()}.
 */
final class EventLog {
    private static final HistoryEventType[] TYPES = HistoryEventType.values();

    /** The fields most events do not have. */
    private record Extra(String error, String cause, String resourceType, String resource, Long timeout,
            Long heartbeat, Map<String, Object> assigned) {
    }

    private int size;
    private byte[] types = new byte[64];
    private long[] previous = new long[64];
    private long[] nanos = new long[64];
    private int[] index = new int[64];
    private String[] names = new String[64];
    private Object[] inputs = new Object[64];
    private Object[] outputs = new Object[64];
    private Extra[] extras = new Extra[64];

    synchronized void add(HistoryEventType type, long prev, Instant time, String name, Object in, Object out,
            String err, String cause, String resourceType, String resource, int idx, Long timeout, Long heartbeat,
            Map<String, Object> assigned) {
        if (size == types.length) {
            int n = size * 2;
            types = Arrays.copyOf(types, n);
            previous = Arrays.copyOf(previous, n);
            nanos = Arrays.copyOf(nanos, n);
            index = Arrays.copyOf(index, n);
            names = Arrays.copyOf(names, n);
            inputs = Arrays.copyOf(inputs, n);
            outputs = Arrays.copyOf(outputs, n);
            extras = Arrays.copyOf(extras, n);
        }
        int i = size;
        types[i] = (byte) type.ordinal();
        previous[i] = prev;
        nanos[i] = EngineCore.nanos(time);
        index[i] = idx;
        names[i] = name;
        inputs[i] = in;
        outputs[i] = out;
        if (err != null || cause != null || resourceType != null || resource != null || timeout != null
                || heartbeat != null || assigned != null) {
            extras[i] = new Extra(err, cause, resourceType, resource, timeout, heartbeat, assigned);
        }
        size = i + 1;
    }

    /** The event at {@code i} (ids start at 1, so event id = i + 1). */
    synchronized HistoryEvent get(int i) {
        Extra x = extras[i];
        return new HistoryEvent(i + 1L, previous[i], Instant.ofEpochSecond(0, nanos[i]), TYPES[types[i]], names[i],
                inputs[i], outputs[i], x == null ? null : x.error(), x == null ? null : x.cause(),
                x == null ? null : x.resourceType(), x == null ? null : x.resource(), index[i],
                x == null ? null : x.timeout(), x == null ? null : x.heartbeat(), x == null ? null : x.assigned());
    }

    synchronized int size() {
        return size;
    }

    /** A read-only view of the events so far; events are made as they are read. */
    List<HistoryEvent> snapshot() {
        int n = size();
        return new View(this, n);
    }

    private static final class View extends AbstractList<HistoryEvent> implements RandomAccess {
        private final EventLog log;
        private final int n;

        View(EventLog log, int n) {
            this.log = log;
            this.n = n;
        }

        @Override
        public HistoryEvent get(int i) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(i);
            }
            return log.get(i);
        }

        @Override
        public int size() {
            return n;
        }
    }
}
