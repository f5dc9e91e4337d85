package dev.dayshift.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.config.HolidayRule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HolidayCalendarTest {

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Nested
    class ExplicitDates {
        @Test
        void areHolidaysOnThatDateOnly() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.ExplicitDate(d("2026-12-24"), "Office closed")));
            assertThat(cal.isHoliday(d("2026-12-24"))).isTrue();
            assertThat(cal.holidayName(d("2026-12-24"))).contains("Office closed");
            assertThat(cal.isHoliday(d("2027-12-24"))).isFalse();
            assertThat(cal.isHoliday(d("2026-12-25"))).isFalse();
        }

        @Test
        void withoutAName_areCalledHoliday() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.ExplicitDate(d("2026-05-04"), "")));
            assertThat(cal.holidayName(d("2026-05-04"))).contains("holiday");
        }
    }

    @Nested
    class FixedDates {
        @Test
        void recurEveryYear() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.FixedDate(MonthDay.of(12, 25), false, "Christmas Day")));
            assertThat(cal.isHoliday(d("2026-12-25"))).isTrue();
            assertThat(cal.isHoliday(d("2031-12-25"))).isTrue();
            assertThat(cal.isHoliday(d("2026-12-26"))).isFalse();
        }

        @Test
        void february29_isOnlyAHolidayInLeapYears() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.FixedDate(MonthDay.of(2, 29), false, "Leap day")));
            assertThat(cal.isHoliday(d("2028-02-29"))).isTrue();
            assertThat(cal.isHoliday(d("2027-02-28"))).isFalse();
        }

        @Test
        void observed_movesASaturdayToFridayAndASundayToMonday() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.FixedDate(MonthDay.of(7, 4), true, "Independence Day")));
            // 2026-07-04 is a Saturday: observed Friday 3 July; 2027-07-04 is a Sunday: observed Monday 5 July.
            assertThat(cal.holidayName(d("2026-07-03"))).contains("Independence Day (observed)");
            assertThat(cal.isHoliday(d("2026-07-04"))).isTrue();
            assertThat(cal.holidayName(d("2027-07-05"))).contains("Independence Day (observed)");
            assertThat(cal.isHoliday(d("2027-07-02"))).isFalse();
            // 2025-07-04 is a Friday: no shift.
            assertThat(cal.holidaysBetween(d("2025-07-01"), d("2025-07-08"))).extracting(Holiday::date).containsExactly(d("2025-07-04"));
        }

        @Test
        void observed_canCrossIntoThePreviousYear() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.FixedDate(MonthDay.of(1, 1), true, "New Year's Day")));
            // 2028-01-01 is a Saturday: observed on Friday 2027-12-31.
            assertThat(cal.holidayName(d("2027-12-31"))).contains("New Year's Day (observed)");
        }
    }

    @Nested
    class WeekdayRules {
        @Test
        void nthWeekday_isTheNthOccurrenceInTheMonth() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.NthWeekday(Month.NOVEMBER, DayOfWeek.THURSDAY, 4, "Thanksgiving")));
            assertThat(cal.holidaysBetween(d("2026-01-01"), d("2028-12-31"))).extracting(Holiday::date)
                    .containsExactly(d("2026-11-26"), d("2027-11-25"), d("2028-11-23"));
        }

        @Test
        void aFifthWeekday_isOnlyAHolidayInMonthsThatHaveOne() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.NthWeekday(Month.MARCH, DayOfWeek.MONDAY, 5, "Fifth Monday")));
            assertThat(cal.holidaysBetween(d("2026-01-01"), d("2028-12-31"))).extracting(Holiday::date)
                    .containsExactly(d("2026-03-30"), d("2027-03-29")); // March 2028 has only four Mondays
        }

        @Test
        void lastWeekday_isTheLastOccurrenceInTheMonth() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.LastWeekday(Month.MAY, DayOfWeek.MONDAY, "Memorial Day")));
            assertThat(cal.holidaysBetween(d("2026-01-01"), d("2027-12-31"))).extracting(Holiday::date)
                    .containsExactly(d("2026-05-25"), d("2027-05-31"));
        }
    }

    @Nested
    class Calendars {
        @Test
        void union_holdsTheHolidaysOfBoth() {
            HolidayCalendar shared = HolidayCalendar.of(List.of(new HolidayRule.FixedDate(MonthDay.of(12, 25), false, "Christmas Day")));
            HolidayCalendar own = HolidayCalendar.of(List.of(new HolidayRule.ExplicitDate(d("2026-03-20"), "Offsite")));
            HolidayCalendar both = shared.union(own);
            assertThat(both.isHoliday(d("2026-12-25"))).isTrue();
            assertThat(both.isHoliday(d("2026-03-20"))).isTrue();
            assertThat(both.rules()).hasSize(2);
        }

        @Test
        void twoHolidaysOnOneDay_shareTheName() {
            HolidayCalendar cal = HolidayCalendar.of(List.of(new HolidayRule.FixedDate(MonthDay.of(12, 25), false, "Christmas Day"),
                    new HolidayRule.ExplicitDate(d("2026-12-25"), "Shutdown")));
            assertThat(cal.holidayName(d("2026-12-25"))).contains("Christmas Day / Shutdown");
        }

        @Test
        void anEmptyCalendar_hasNoHolidays() {
            assertThat(HolidayCalendar.empty().isHoliday(d("2026-12-25"))).isFalse();
            assertThat(HolidayCalendar.empty().holidaysBetween(d("2026-01-01"), d("2026-12-31"))).isEmpty();
        }
    }
}
