package dev.dayshift.core.schedule.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;

/**
 * A parsed {@code cron(...)} expression as bit sets, and the search for the next or previous
 * matching local minute. Internal: use {@link dev.dayshift.core.schedule.CronExpression}.
 *
 * <p>Bit {@code i} of a mask is set when value {@code i} matches: minutes 0-59, hours 0-23, days of
 * month 1-31, months 1-12, days of week 1-7 (1 = Sunday, as in Scheduler). Years are 1970-2199.
 */
public final class CronSpec {

    /** Scheduler's year range. */
    public static final int MIN_YEAR = 1970;
    public static final int MAX_YEAR = 2199;

    /** How the day is chosen. */
    public enum DayRule {
        /** Day-of-month values (day-of-week is {@code ?}). */
        DAYS_OF_MONTH,
        /** {@code L} in day-of-month: the last day of the month. */
        LAST_DAY,
        /** {@code LW} in day-of-month: the last weekday (Monday-Friday) of the month. */
        LAST_WEEKDAY,
        /** {@code nW} in day-of-month: the weekday nearest day n, never leaving the month. */
        NEAREST_WEEKDAY,
        /** Day-of-week values (day-of-month is {@code ?}). */
        DAYS_OF_WEEK,
        /** {@code nL} in day-of-week: the last such weekday of the month. */
        LAST_WEEKDAY_OF_MONTH,
        /** {@code n#k} in day-of-week: the k-th such weekday of the month. */
        NTH_WEEKDAY_OF_MONTH
    }

    private final long minutes;
    private final long hours;
    private final long months;
    private final DayRule dayRule;
    /** Bits of days of month (DAYS_OF_MONTH) or days of week (DAYS_OF_WEEK). */
    private final long dayValues;
    /** The n of nW, or the weekday (1-7) of nL and n#k. */
    private final int dayArg;
    /** The k of n#k. */
    private final int nth;
    private final boolean[] years;

    public CronSpec(long minutes, long hours, long months, DayRule dayRule, long dayValues, int dayArg, int nth, boolean[] years) {
        this.minutes = minutes;
        this.hours = hours;
        this.months = months;
        this.dayRule = dayRule;
        this.dayValues = dayValues;
        this.dayArg = dayArg;
        this.nth = nth;
        this.years = years.clone();
    }

    public long minutes() {
        return minutes;
    }

    public long hours() {
        return hours;
    }

    public long months() {
        return months;
    }

    public DayRule dayRule() {
        return dayRule;
    }

    public long dayValues() {
        return dayValues;
    }

    public int dayArg() {
        return dayArg;
    }

    public int nth() {
        return nth;
    }

    public boolean year(int y) {
        return y >= MIN_YEAR && y <= MAX_YEAR && years[y - MIN_YEAR];
    }

    /** Scheduler's day-of-week number (1 = Sunday ... 7 = Saturday) of a date. */
    public static int cronDayOfWeek(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** The days of that month that match, as bits 1-31. */
    public long dayMask(int year, int month) {
        int len = Month.of(month).length(Year.isLeap(year));
        long all = ((1L << (len + 1)) - 1) & ~1L;
        switch (dayRule) {
            case DAYS_OF_MONTH:
                return dayValues & all;
            case LAST_DAY:
                return 1L << len;
            case LAST_WEEKDAY: {
                int dow = cronDayOfWeek(LocalDate.of(year, month, len));
                int day = dow == 7 ? len - 1 : dow == 1 ? len - 2 : len;
                return 1L << day;
            }
            case NEAREST_WEEKDAY: {
                int n = dayArg;
                if (n > len) {
                    return 0;
                }
                int dow = cronDayOfWeek(LocalDate.of(year, month, n));
                int day = n;
                if (dow == 7) { // Saturday: the Friday before, or the Monday after when that leaves the month
                    day = n == 1 ? 3 : n - 1;
                } else if (dow == 1) { // Sunday: the Monday after, or the Friday before at the month's end
                    day = n == len ? n - 2 : n + 1;
                }
                return 1L << day;
            }
            case DAYS_OF_WEEK: {
                int first = cronDayOfWeek(LocalDate.of(year, month, 1));
                long mask = 0;
                for (int w = 1; w <= 7; w++) {
                    if ((dayValues & (1L << w)) != 0) {
                        for (int d = 1 + Math.floorMod(w - first, 7); d <= len; d += 7) {
                            mask |= 1L << d;
                        }
                    }
                }
                return mask;
            }
            case LAST_WEEKDAY_OF_MONTH: {
                int lastDow = cronDayOfWeek(LocalDate.of(year, month, len));
                return 1L << (len - Math.floorMod(lastDow - dayArg, 7));
            }
            case NTH_WEEKDAY_OF_MONTH: {
                int first = cronDayOfWeek(LocalDate.of(year, month, 1));
                int day = 1 + Math.floorMod(dayArg - first, 7) + 7 * (nth - 1);
                return day <= len ? 1L << day : 0;
            }
            default:
                throw new IllegalStateException("unknown day rule " + dayRule);
        }
    }

    /** Whether the local minute matches (seconds are ignored). */
    public boolean matches(LocalDateTime t) {
        return year(t.getYear())
                && (months & (1L << t.getMonthValue())) != 0
                && (dayMask(t.getYear(), t.getMonthValue()) & (1L << t.getDayOfMonth())) != 0
                && (hours & (1L << t.getHour())) != 0
                && (minutes & (1L << t.getMinute())) != 0;
    }

    /** The first matching local minute at or after {@code from} (seconds of {@code from} must be 0), or null. */
    public LocalDateTime nextAtOrAfter(LocalDateTime from) {
        int y0 = from.getYear();
        int mo0 = from.getMonthValue();
        int d0 = from.getDayOfMonth();
        int h0 = from.getHour();
        int mi0 = from.getMinute();
        if (y0 < MIN_YEAR) {
            y0 = MIN_YEAR;
            mo0 = 1;
            d0 = 1;
            h0 = 0;
            mi0 = 0;
        }
        boolean first = true;
        for (int y = y0; y <= MAX_YEAR; y++) {
            if (!years[y - MIN_YEAR]) {
                first = false;
                continue;
            }
            for (int mo = first ? mo0 : 1; mo <= 12; mo++) {
                boolean firstMonth = first && mo == mo0;
                if ((months & (1L << mo)) != 0) {
                    long days = dayMask(y, mo);
                    for (int day = nextBit(days, firstMonth ? d0 : 1); day >= 0; day = nextBit(days, day + 1)) {
                        boolean firstDay = firstMonth && day == d0;
                        for (int h = nextBit(hours, firstDay ? h0 : 0); h >= 0; h = nextBit(hours, h + 1)) {
                            int m = nextBit(minutes, firstDay && h == h0 ? mi0 : 0);
                            if (m >= 0) {
                                return LocalDateTime.of(y, mo, day, h, m);
                            }
                        }
                    }
                }
                first = false;
            }
            first = false;
        }
        return null;
    }

    /** The last matching local minute at or before {@code from} (seconds of {@code from} are ignored), or null. */
    public LocalDateTime previousAtOrBefore(LocalDateTime from) {
        int y0 = from.getYear();
        int mo0 = from.getMonthValue();
        int d0 = from.getDayOfMonth();
        int h0 = from.getHour();
        int mi0 = from.getMinute();
        if (y0 > MAX_YEAR) {
            y0 = MAX_YEAR;
            mo0 = 12;
            d0 = 31;
            h0 = 23;
            mi0 = 59;
        }
        boolean first = true;
        for (int y = y0; y >= MIN_YEAR; y--) {
            if (!years[y - MIN_YEAR]) {
                first = false;
                continue;
            }
            for (int mo = first ? mo0 : 12; mo >= 1; mo--) {
                boolean firstMonth = first && mo == mo0;
                if ((months & (1L << mo)) != 0) {
                    long days = dayMask(y, mo);
                    for (int day = previousBit(days, firstMonth ? d0 : 31); day >= 1; day = previousBit(days, day - 1)) {
                        boolean firstDay = firstMonth && day == d0;
                        for (int h = previousBit(hours, firstDay ? h0 : 23); h >= 0; h = previousBit(hours, h - 1)) {
                            int m = previousBit(minutes, firstDay && h == h0 ? mi0 : 59);
                            if (m >= 0) {
                                return LocalDateTime.of(y, mo, day, h, m);
                            }
                        }
                    }
                }
                first = false;
            }
            first = false;
        }
        return null;
    }

    /** The lowest set bit at or above {@code from}, or -1. */
    static int nextBit(long mask, int from) {
        if (from > 63) {
            return -1;
        }
        long m = mask & (-1L << Math.max(from, 0));
        return m == 0 ? -1 : Long.numberOfTrailingZeros(m);
    }

    /** The highest set bit at or below {@code from}, or -1. */
    static int previousBit(long mask, int from) {
        if (from < 0) {
            return -1;
        }
        long m = from >= 63 ? mask : mask & ((1L << (from + 1)) - 1);
        return m == 0 ? -1 : 63 - Long.numberOfLeadingZeros(m);
    }
}
