package dev.dayshift.aws.snapstart;

import java.util.List;

/**
 * What {@link SnapStart#prime} did for one handler.
 *
 * @param handler the handler class
 * @param classesPreloaded classes of its class list that were loaded
 * @param classesMissing names in its class list that this jar does not have (a stale list)
 * @param preloadMillis how long loading the class list took
 * @param steps priming steps run
 * @param rounds rounds of the steps run (the required ones, then the JIT warm-up's)
 * @param settleMillis how long priming waited for the JIT to go quiet ({@link JitSettle})
 * @param failedSteps {@code "<step>: <exception>"} for each step that threw
 * @param millis how long it took
 */
public record PrimingReport(String handler, int classesPreloaded, int classesMissing, long preloadMillis, int steps,
        int rounds, long settleMillis, List<String> failedSteps, long millis) {

    /** One line for the init log. */
    public String toJsonLine() {
        StringBuilder b = new StringBuilder("{\"snapstart\":\"primed\",\"handler\":\"").append(handler)
                .append("\",\"classesPreloaded\":").append(classesPreloaded)
                .append(",\"classesMissing\":").append(classesMissing)
                .append(",\"preloadMillis\":").append(preloadMillis)
                .append(",\"steps\":").append(steps)
                .append(",\"rounds\":").append(rounds)
                .append(",\"settleMillis\":").append(settleMillis)
                .append(",\"millis\":").append(millis)
                .append(",\"failedSteps\":[");
        for (int i = 0; i < failedSteps.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(escape(failedSteps.get(i))).append('"');
        }
        return b.append("]}").toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
