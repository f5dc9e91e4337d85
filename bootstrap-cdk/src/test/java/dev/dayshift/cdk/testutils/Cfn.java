package dev.dayshift.cdk.testutils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small accessors over a template's JSON. */
public final class Cfn {

    private Cfn() {
    }

    /** The resources of one type, by logical id. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> resources(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ((Map<String, Object>) template.getOrDefault("Resources", Map.of())).forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if (type == null || type.equals(res.get("Type"))) {
                out.put(id, res);
            }
        });
        return out;
    }

    /** A resource's Properties (empty when it has none). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The value at a path of map keys and list indexes, or null. */
    @SuppressWarnings("unchecked")
    public static Object at(Object node, Object... path) {
        Object here = node;
        for (Object step : path) {
            if (here instanceof Map<?, ?> m) {
                here = ((Map<String, Object>) m).get(step);
            } else if (here instanceof List<?> l && step instanceof Integer i) {
                here = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
        }
        return here;
    }

    /** A value that may be one item or a list of them, as a list. */
    public static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        return List.of(value);
    }

    /** The logical id a {Ref} or {Fn::GetAtt} points at, or null. */
    public static String target(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.get("Ref") instanceof String r) {
                return r;
            }
            if (m.get("Fn::GetAtt") instanceof List<?> l && !l.isEmpty()) {
                return String.valueOf(l.get(0));
            }
        }
        return null;
    }

    /** Every logical id a value refers to ({Ref} and {Fn::GetAtt}, however deeply nested). */
    public static java.util.Set<String> refs(Object value) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        collect(value, out);
        return out;
    }

    private static void collect(Object value, java.util.Set<String> out) {
        String t = target(value);
        if (t != null) {
            out.add(t);
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    /**
     * A value as text with CloudFormation's functions written out: {@code {"Ref": "X"}} as
     * {@code ${X}}, {@code {"Fn::GetAtt": ["X", "Arn"]}} as {@code ${X.Arn}}, {@code Fn::Join} joined.
     */
    public static String render(Object value) {
        if (value instanceof Map<?, ?> m) {
            if (m.get("Ref") instanceof String r) {
                return "${" + r + "}";
            }
            if (m.get("Fn::GetAtt") instanceof List<?> l) {
                return "${" + l.get(0) + "." + l.get(1) + "}";
            }
            if (m.get("Fn::Join") instanceof List<?> l && l.size() == 2) {
                StringBuilder out = new StringBuilder();
                for (Object part : list(l.get(1))) {
                    out.append(out.isEmpty() ? "" : String.valueOf(l.get(0))).append(render(part));
                }
                return out.toString();
            }
        }
        return String.valueOf(value);
    }

    /** The logical id of the one resource of {@code type} whose property {@code property} is {@code value}. */
    public static String idOf(Map<String, Object> template, String type, String property, String value) {
        List<String> ids = resources(template, type).entrySet().stream()
                .filter(e -> value.equals(props(e.getValue()).get(property))).map(Map.Entry::getKey).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " with " + property + " = " + value + ", found " + ids);
        }
        return ids.get(0);
    }

    /** Every statement of the identity policies attached to role {@code roleId}. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statementsOfRole(Map<String, Object> template, String roleId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
            resources(template, type).values().stream()
                    .filter(p -> list(props(p).get("Roles")).stream().anyMatch(r -> roleId.equals(target(r))))
                    .forEach(p -> list(at(props(p), "PolicyDocument", "Statement"))
                            .forEach(st -> out.add((Map<String, Object>) st)));
        }
        list(props(resources(template, null).get(roleId)).get("Policies")).forEach(p ->
                list(at(p, "PolicyDocument", "Statement")).forEach(st -> out.add((Map<String, Object>) st)));
        return out;
    }

    /** The rendered resources of the Allow statements of {@code statements} that allow {@code action}. */
    public static List<String> allowedOn(List<Map<String, Object>> statements, String action) {
        return statements.stream()
                .filter(st -> "Allow".equals(st.get("Effect")) && list(st.get("Action")).contains(action))
                .flatMap(st -> list(st.get("Resource")).stream()).map(Cfn::render).toList();
    }

    /** The template as text, for "does any name of X appear" checks. */
    public static String text(Map<String, Object> template) {
        return template.toString();
    }
}
