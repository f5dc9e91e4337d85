package dev.dayshift.asl.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered JSON object held in two arrays: what payload templates build for every state,
 * at a fraction of a LinkedHashMap's allocation. Small objects are searched linearly; larger ones get a hash
 * index on first lookup.
 */
final class ArrayMap extends AbstractMap<String, Object> {
    private static final int LINEAR = 12;

    private final String[] keys;
    private final Object[] values;
    private Map<String, Integer> index;

    /** Takes ownership of both arrays (same length, distinct keys). */
    ArrayMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    private int find(Object key) {
        if (keys.length <= LINEAR) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        Map<String, Integer> ix = index;
        if (ix == null) {
            ix = new HashMap<>(keys.length * 2);
            for (int i = 0; i < keys.length; i++) {
                ix.put(keys[i], i);
            }
            index = ix;
        }
        Integer i = ix.get(key);
        return i == null ? -1 : i;
    }

    @Override
    public Object get(Object key) {
        int i = find(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < keys.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (i >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int k = i++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[k], values[k]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
