package dev.dayshift.asl.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Variables of one scope: the execution, a Parallel branch or a Map iteration. Inner scopes read the outer
 * ones; assignments stay in the scope that makes them, as AWS scopes them.
 */
final class Vars {
    private final Vars parent;
    private Map<String, Object> values;

    Vars(Vars parent) {
        this.parent = parent;
    }

    Object get(String name) {
        for (Vars v = this; v != null; v = v.parent) {
            if (v.values != null) {
                Object x = v.values.get(name);
                if (x != null || v.values.containsKey(name)) {
                    return x;
                }
            }
        }
        return Path.MISSING;
    }

    void putAll(Map<String, Object> assigned) {
        if (values == null) {
            values = new HashMap<>();
        }
        values.putAll(assigned);
    }

    boolean isEmpty() {
        for (Vars v = this; v != null; v = v.parent) {
            if (v.values != null && !v.values.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Every visible variable, outermost first, so inner ones win when bound in order. */
    List<Map.Entry<String, Object>> visible() {
        List<Vars> chain = new ArrayList<>();
        for (Vars v = this; v != null; v = v.parent) {
            chain.add(v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i).values != null) {
                out.putAll(chain.get(i).values);
            }
        }
        return new ArrayList<>(out.entrySet());
    }
}
