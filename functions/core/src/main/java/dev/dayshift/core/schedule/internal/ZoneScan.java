package dev.dayshift.core.schedule.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Local times to instants with EventBridge Scheduler's daylight-saving rules. Internal.
 *
 * <ul>
 *   <li>A local time in a gap (spring forward) does not exist: it has no instant and never fires.
 *   <li>A local time in an overlap (fall back) happens twice: it maps to its first occurrence, the
 *       earlier instant, under the offset in force before the transition. It fires once.
 * </ul>
 * With these rules the map from existing local times to instants is strictly increasing, which is
 * what lets the cron search walk local time and stop at the first instant past its bound.
 */
public final class ZoneScan {

    /**
     * No real zone's offset moves by this much or more; local and UTC time never differ by more
     * than 14 hours, so a local time more than 26 hours away from an instant's own local time
     * cannot be on the other side of it.
     */
    private static final Duration HORIZON = Duration.ofHours(26);

    private ZoneScan() {
    }

    /** The instant a local time fires at, or null when it falls in a gap. */
    public static Instant resolve(ZoneRules rules, LocalDateTime local) {
        if (rules.isFixedOffset()) {
            return local.toInstant(rules.getOffset(Instant.EPOCH));
        }
        ZoneOffsetTransition t = rules.getTransition(local);
        if (t == null) {
            return local.toInstant(rules.getOffset(local));
        }
        if (t.isGap()) {
            return null;
        }
        return local.toInstant(t.getOffsetBefore());
    }

    /**
     * The earliest local minute that can fire strictly after {@code after}: {@code after} read with
     * the smallest offset in force in the next 26 hours, truncated to the minute.
     */
    public static LocalDateTime scanStartAfter(ZoneRules rules, Instant after) {
        ZoneOffset min = rules.getOffset(after);
        if (!rules.isFixedOffset()) {
            Instant limit = after.plus(HORIZON);
            for (ZoneOffsetTransition t = rules.nextTransition(after); t != null && t.getInstant().isBefore(limit);
                    t = rules.nextTransition(t.getInstant())) {
                if (t.getOffsetAfter().getTotalSeconds() < min.getTotalSeconds()) {
                    min = t.getOffsetAfter();
                }
            }
        }
        return LocalDateTime.ofEpochSecond(after.getEpochSecond(), 0, min).withSecond(0);
    }

    /** The latest local minute that can fire strictly before {@code before}. */
    public static LocalDateTime scanStartBefore(ZoneRules rules, Instant before) {
        ZoneOffset max = rules.getOffset(before);
        if (!rules.isFixedOffset()) {
            Instant limit = before.minus(HORIZON);
            for (ZoneOffsetTransition t = rules.previousTransition(before); t != null && t.getInstant().isAfter(limit);
                    t = rules.previousTransition(t.getInstant())) {
                if (t.getOffsetBefore().getTotalSeconds() > max.getTotalSeconds()) {
                    max = t.getOffsetBefore();
                }
            }
        }
        return LocalDateTime.ofEpochSecond(before.getEpochSecond(), 0, max).withSecond(0);
    }
}
