package dev.dayshift.core.budget;

import dev.dayshift.core.config.BudgetPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** AWS Budgets' periods, which run in UTC: a day, a calendar month, a calendar quarter, a calendar year. */
public final class BudgetPeriods {

    private BudgetPeriods() {
    }

    /** A period: {@code [start, end)}. */
    public record Window(Instant start, Instant end) {
        /** {@code 2026-03-01}: the period's first day, used in record keys and execution names. */
        public String id() {
            return start.atZone(ZoneOffset.UTC).toLocalDate().toString();
        }
    }

    /** The period of {@code period} that contains {@code at}. */
    public static Window containing(BudgetPolicy.Period period, Instant at) {
        LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate start = switch (period) {
            case DAILY -> d;
            case MONTHLY -> d.withDayOfMonth(1);
            case QUARTERLY -> d.withDayOfMonth(1).withMonth(((d.getMonthValue() - 1) / 3) * 3 + 1);
            case ANNUALLY -> d.withDayOfYear(1);
        };
        LocalDate end = switch (period) {
            case DAILY -> start.plusDays(1);
            case MONTHLY -> start.plusMonths(1);
            case QUARTERLY -> start.plusMonths(3);
            case ANNUALLY -> start.plusYears(1);
        };
        return new Window(start.atStartOfDay(ZoneOffset.UTC).toInstant(), end.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
