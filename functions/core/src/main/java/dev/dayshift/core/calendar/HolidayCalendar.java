package dev.dayshift.core.calendar;

import dev.dayshift.core.config.HolidayRule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.Year;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A set of holidays: explicit dates and yearly rules ({@link HolidayRule}). An environment's calendar
 * is its own rules plus the shared calendars it names (the configuration loader merges them); two
 * calendars combine with {@link #union}.
 *
 * <p>Rules, year by year:
 * <ul>
 *   <li>{@code ExplicitDate}: that date only.
 *   <li>{@code FixedDate}: that month and day every year; 29 February only in leap years. With
 *       {@code observed}, a Saturday date is also observed on the Friday before and a Sunday date on
 *       the Monday after (the US federal rule); both the date itself and the observed day are holidays.
 *       The observed day may fall in the neighbouring year (1 January on a Saturday is observed on 31
 *       December).
 *   <li>{@code NthWeekday}: the nth (1-5) such weekday of the month; no holiday in a year whose month
 *       has no 5th one.
 *   <li>{@code LastWeekday}: the last such weekday of the month.
 * </ul>
 * Immutable and thread-safe.
 */
public final class HolidayCalendar {

    private static final HolidayCalendar EMPTY = new HolidayCalendar(List.of());

    private final List<HolidayRule> rules;

    private HolidayCalendar(List<HolidayRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A calendar with these rules; never null. */
    public static HolidayCalendar of(Collection<? extends HolidayRule> rules) {
        Objects.requireNonNull(rules, "rules");
        return rules.isEmpty() ? EMPTY : new HolidayCalendar(List.copyOf(rules));
    }

    /** No holidays. */
    public static HolidayCalendar empty() {
        return EMPTY;
    }

    /** Every holiday of both calendars. */
    public HolidayCalendar union(HolidayCalendar other) {
        List<HolidayRule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return of(all);
    }

    /** The rules, in the order given. */
    public List<HolidayRule> rules() {
        return rules;
    }

    /** Whether {@code date} is a holiday. */
    public boolean isHoliday(LocalDate date) {
        return !holidaysOn(date).isEmpty();
    }

    /** The holidays on {@code date}, in rule order; empty on an ordinary day. */
    public List<Holiday> holidaysOn(LocalDate date) {
        List<Holiday> out = new ArrayList<>();
        for (HolidayRule rule : rules) {
            for (int y = date.getYear() - 1; y <= date.getYear() + 1; y++) {
                for (Holiday h : datesIn(rule, y)) {
                    if (h.date().equals(date) && out.stream().noneMatch(o -> o.rule() == rule && o.name().equals(h.name()))) {
                        out.add(h);
                    }
                }
            }
        }
        return out;
    }

    /** The holiday's name on {@code date} (several joined with " / "), or empty on an ordinary day. */
    public Optional<String> holidayName(LocalDate date) {
        List<Holiday> on = holidaysOn(date);
        return on.isEmpty() ? Optional.empty() : Optional.of(on.stream().map(Holiday::name).distinct().collect(Collectors.joining(" / ")));
    }

    /** Every holiday from {@code from} to {@code to}, both inclusive, in date order. */
    public List<Holiday> holidaysBetween(LocalDate from, LocalDate to) {
        List<Holiday> out = new ArrayList<>();
        for (HolidayRule rule : rules) {
            for (int y = from.getYear() - 1; y <= to.getYear() + 1; y++) {
                for (Holiday h : datesIn(rule, y)) {
                    if (!h.date().isBefore(from) && !h.date().isAfter(to)) {
                        out.add(h);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Holiday::date));
        return out;
    }

    /** The holidays a rule gives for one year (observed days may fall in the next or previous year). */
    static List<Holiday> datesIn(HolidayRule rule, int year) {
        if (year < Year.MIN_VALUE + 1 || year > Year.MAX_VALUE - 1) {
            return List.of();
        }
        String name = rule.name().isBlank() ? "holiday" : rule.name();
        return switch (rule) {
            case HolidayRule.ExplicitDate e -> e.date().getYear() == year ? List.of(new Holiday(e.date(), name, rule)) : List.of();
            case HolidayRule.FixedDate f -> fixed(f, year, name);
            case HolidayRule.NthWeekday n -> {
                LocalDate first = LocalDate.of(year, n.month(), 1).with(TemporalAdjusters.firstInMonth(n.weekday()));
                LocalDate d = first.plusWeeks(n.nth() - 1L);
                yield d.getMonth() == n.month() ? List.of(new Holiday(d, name, rule)) : List.of();
            }
            case HolidayRule.LastWeekday l ->
                List.of(new Holiday(LocalDate.of(year, l.month(), 1).with(TemporalAdjusters.lastInMonth(l.weekday())), name, rule));
        };
    }

    private static List<Holiday> fixed(HolidayRule.FixedDate f, int year, String name) {
        MonthDay md = f.day();
        if (md.getMonth() == Month.FEBRUARY && md.getDayOfMonth() == 29 && !Year.isLeap(year)) {
            return List.of();
        }
        LocalDate d = md.atYear(year);
        Holiday actual = new Holiday(d, name, f);
        if (!f.observed()) {
            return List.of(actual);
        }
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return List.of(actual, new Holiday(d.minusDays(1), name + " (observed)", f));
        }
        if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return List.of(actual, new Holiday(d.plusDays(1), name + " (observed)", f));
        }
        return List.of(actual);
    }

    @Override
    public String toString() {
        return "HolidayCalendar" + rules;
    }
}
