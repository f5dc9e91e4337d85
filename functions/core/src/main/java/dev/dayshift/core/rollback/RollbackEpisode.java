package dev.dayshift.core.rollback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One alarm episode: an alarm's stay in ALARM, from the instant it entered it. Every delivery of any
 * notification of the episode maps to the same id and the same execution name, which is what makes
 * starting its rollback idempotent.
 *
 * @param environment the environment
 * @param target the rollback target's name
 * @param alarmName the alarm
 * @param start when the alarm entered ALARM (CloudWatch's StateChangeTime of that transition)
 */
public record RollbackEpisode(String environment, String target, String alarmName, Instant start) {

    /** Step Functions' limit on execution names. */
    public static final int MAX_EXECUTION_NAME = 80;

    private static final DateTimeFormatter COMPACT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public RollbackEpisode {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(alarmName, "alarmName");
        Objects.requireNonNull(start, "start");
    }

    /** {@code <alarm>@<start>}: unique per alarm episode. */
    public String id() {
        return alarmName + "@" + start;
    }

    /**
     * The deterministic execution name: {@code rollback-<env>-<target>-<start>-<hash>}, at most 80
     * characters of {@code [A-Za-z0-9-_]}. The hash covers environment, target, alarm and start, so two
     * alarms of one target that fire in the same second still get distinct names.
     */
    public String executionName() {
        String hash = sha256(environment + "\n" + target + "\n" + alarmName + "\n" + start).substring(0, 10);
        return "rollback-" + safe(environment, 22) + "-" + safe(target, 22) + "-" + COMPACT.format(start) + "-" + hash;
    }

    /** Keeps {@code [A-Za-z0-9-_]}, replaces anything else with '_', cuts to {@code max}. */
    static String safe(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    ? c : '_');
            if (b.length() == max) {
                break;
            }
        }
        return b.isEmpty() ? "_" : b.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
