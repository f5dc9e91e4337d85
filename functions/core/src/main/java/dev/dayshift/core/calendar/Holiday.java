package dev.dayshift.core.calendar;

import dev.dayshift.core.config.HolidayRule;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One holiday on one date: the runtime stays down for the whole local day.
 *
 * @param date the local date in the environment's zone
 * @param name for people, e.g. "Independence Day (observed)"; never blank ("holiday" when the rule has no name)
 * @param rule the rule that gave this date
 */
public record Holiday(LocalDate date, String name, HolidayRule rule) {
    public Holiday {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
    }
}
