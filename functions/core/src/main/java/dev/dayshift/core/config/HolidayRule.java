package dev.dayshift.core.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.Objects;

/** A holiday: one date, or a rule that gives a date every year. On a holiday the runtime stays down. */
public sealed interface HolidayRule {

    /** A human name ("Thanksgiving"); never null, may be empty. */
    String name();

    /** One explicit date. */
    record ExplicitDate(LocalDate date, String name) implements HolidayRule {
        public ExplicitDate {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The same date every year. When {@code observed} is set, a Saturday holiday is observed on the
     * Friday before and a Sunday holiday on the Monday after.
     */
    record FixedDate(MonthDay day, boolean observed, String name) implements HolidayRule {
        public FixedDate {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(name, "name");
        }
    }

    /** The nth (1-5) given weekday of a month, e.g. the 4th Thursday of November. */
    record NthWeekday(Month month, DayOfWeek weekday, int nth, String name) implements HolidayRule {
        public NthWeekday {
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(weekday, "weekday");
            Objects.requireNonNull(name, "name");
            if (nth < 1 || nth > 5) {
                throw new IllegalArgumentException("nth must be 1 to 5, was " + nth);
            }
        }
    }

    /** The last given weekday of a month, e.g. the last Monday of May. */
    record LastWeekday(Month month, DayOfWeek weekday, String name) implements HolidayRule {
        public LastWeekday {
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(weekday, "weekday");
            Objects.requireNonNull(name, "name");
        }
    }
}
