package dev.dayshift.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dayshift.core.DayshiftException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleExpressionTest {

    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static List<String> next(String expression, ZoneId zone, String from, int count) {
        return ScheduleExpression.parse(expression).nextN(Instant.parse(from), zone, count).stream().map(Instant::toString).toList();
    }

    static String first(String expression, String from) {
        return next(expression, UTC, from, 1).get(0);
    }

    @Nested
    class CronOperators {

        @Test
        void singleValues_fireAtThatMinuteOfThatHour() {
            assertThat(next("cron(15 10 * * ? *)", UTC, "2026-03-09T10:15:00Z", 2))
                    .containsExactly("2026-03-10T10:15:00Z", "2026-03-11T10:15:00Z");
        }

        @Test
        void commaLists_includeEachValue() {
            assertThat(next("cron(0,30 9,17 * * ? *)", UTC, "2026-03-09T00:00:00Z", 5)).containsExactly(
                    "2026-03-09T09:00:00Z", "2026-03-09T09:30:00Z", "2026-03-09T17:00:00Z", "2026-03-09T17:30:00Z", "2026-03-10T09:00:00Z");
        }

        @Test
        void dashRanges_includeBothEnds() {
            assertThat(next("cron(58-59 23 * * ? *)", UTC, "2026-03-09T00:00:00Z", 3))
                    .containsExactly("2026-03-09T23:58:00Z", "2026-03-09T23:59:00Z", "2026-03-10T23:58:00Z");
        }

        @Test
        void rangesThatRunBackwards_wrapPastTheEndOfTheField() {
            assertThat(next("cron(0 22-1 * * ? *)", UTC, "2026-03-09T12:00:00Z", 4))
                    .containsExactly("2026-03-09T22:00:00Z", "2026-03-09T23:00:00Z", "2026-03-10T00:00:00Z", "2026-03-10T01:00:00Z");
            assertThat(next("cron(0 12 ? * FRI-MON *)", UTC, "2026-03-09T13:00:00Z", 4)) // 2026-03-09 is a Monday
                    .containsExactly("2026-03-13T12:00:00Z", "2026-03-14T12:00:00Z", "2026-03-15T12:00:00Z", "2026-03-16T12:00:00Z");
        }

        @Test
        void asterisk_includesEveryValue() {
            assertThat(next("cron(* * * * ? *)", UTC, "2026-03-09T23:58:30Z", 3))
                    .containsExactly("2026-03-09T23:59:00Z", "2026-03-10T00:00:00Z", "2026-03-10T00:01:00Z");
        }

        @Test
        void slashAfterAValue_stepsFromThatValueToTheEndOfTheField() {
            assertThat(next("cron(1/10 9 * * ? *)", UTC, "2026-03-09T00:00:00Z", 7)).containsExactly(
                    "2026-03-09T09:01:00Z", "2026-03-09T09:11:00Z", "2026-03-09T09:21:00Z", "2026-03-09T09:31:00Z",
                    "2026-03-09T09:41:00Z", "2026-03-09T09:51:00Z", "2026-03-10T09:01:00Z");
        }

        @Test
        void slashAfterAsterisk_stepsFromTheFieldsFirstValue() {
            assertThat(next("cron(*/20 8 * * ? *)", UTC, "2026-03-09T00:00:00Z", 3))
                    .containsExactly("2026-03-09T08:00:00Z", "2026-03-09T08:20:00Z", "2026-03-09T08:40:00Z");
            // day-of-month starts at 1: 1, 11, 21, 31
            assertThat(next("cron(0 0 */10 * ? *)", UTC, "2026-01-01T12:00:00Z", 4))
                    .containsExactly("2026-01-11T00:00:00Z", "2026-01-21T00:00:00Z", "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z");
        }

        @Test
        void slashAfterARange_stepsWithinTheRange() {
            assertThat(next("cron(0 8-17/3 * * ? *)", UTC, "2026-03-09T00:00:00Z", 5)).containsExactly(
                    "2026-03-09T08:00:00Z", "2026-03-09T11:00:00Z", "2026-03-09T14:00:00Z", "2026-03-09T17:00:00Z", "2026-03-10T08:00:00Z");
        }

        @Test
        void anIncrementLargerThanTheField_firesOnlyAtItsStart() {
            assertThat(next("cron(15/65 10 * * ? *)", UTC, "2026-03-09T00:00:00Z", 2))
                    .containsExactly("2026-03-09T10:15:00Z", "2026-03-10T10:15:00Z");
        }

        @Test
        void questionMarkInDayOfWeek_letsDayOfMonthDecide() {
            assertThat(next("cron(0 8 15 * ? *)", UTC, "2026-03-09T00:00:00Z", 2))
                    .containsExactly("2026-03-15T08:00:00Z", "2026-04-15T08:00:00Z");
        }

        @Test
        void dayOfMonthPastTheEndOfAMonth_skipsThatMonth() {
            assertThat(next("cron(0 8 31 * ? *)", UTC, "2026-01-31T09:00:00Z", 2))
                    .containsExactly("2026-03-31T08:00:00Z", "2026-05-31T08:00:00Z");
            assertThat(next("cron(0 0 29 2 ? *)", UTC, "2026-01-01T00:00:00Z", 2))
                    .containsExactly("2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z");
        }

        @Test
        void weekdayNumbers_runFromSundayOneToSaturdaySeven() {
            assertThat(first("cron(0 8 ? * 1 *)", "2026-03-09T00:00:00Z")).isEqualTo("2026-03-15T08:00:00Z"); // Sunday
            assertThat(first("cron(0 8 ? * 2 *)", "2026-03-10T00:00:00Z")).isEqualTo("2026-03-16T08:00:00Z"); // Monday
            assertThat(first("cron(0 8 ? * 7 *)", "2026-03-09T00:00:00Z")).isEqualTo("2026-03-14T08:00:00Z"); // Saturday
        }

        @Test
        void monthAndWeekdayNames_areCaseInsensitive() {
            assertThat(next("cron(0 8 ? jan-Feb mOn-fri *)", UTC, "2026-02-26T12:00:00Z", 3))
                    .containsExactly("2026-02-27T08:00:00Z", "2027-01-01T08:00:00Z", "2027-01-04T08:00:00Z");
        }

        @Test
        void monthNamesMixWithNumbersAndSteps() {
            assertThat(next("cron(0 0 1 FEB/4 ? *)", UTC, "2026-01-01T00:00:00Z", 4))
                    .containsExactly("2026-02-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-10-01T00:00:00Z", "2027-02-01T00:00:00Z");
            assertThat(next("cron(0 0 1 02-MAR ? *)", UTC, "2026-01-01T00:00:00Z", 2))
                    .containsExactly("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z");
        }

        @Test
        void lInDayOfMonth_isTheLastDayOfTheMonth() {
            assertThat(next("cron(0 18 L * ? *)", UTC, "2028-01-01T00:00:00Z", 3))
                    .containsExactly("2028-01-31T18:00:00Z", "2028-02-29T18:00:00Z", "2028-03-31T18:00:00Z");
        }

        @Test
        void lwInDayOfMonth_isTheLastWeekdayOfTheMonth() {
            // 2026-01-31 is a Saturday, 2026-05-31 a Sunday, 2026-03-31 a Tuesday
            assertThat(next("cron(0 18 LW * ? *)", UTC, "2026-01-01T00:00:00Z", 5)).containsExactly(
                    "2026-01-30T18:00:00Z", "2026-02-27T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-30T18:00:00Z", "2026-05-29T18:00:00Z");
        }

        @Test
        void nW_isTheNearestWeekdayWithinTheSameMonth() {
            // 2026-03-15 is a Sunday: Monday the 16th. 2026-08-15 is a Saturday: Friday the 14th.
            assertThat(first("cron(0 9 15W * ? *)", "2026-03-01T00:00:00Z")).isEqualTo("2026-03-16T09:00:00Z");
            assertThat(first("cron(0 9 15W * ? *)", "2026-08-01T00:00:00Z")).isEqualTo("2026-08-14T09:00:00Z");
            // 1W on a Saturday (2026-08-01) does not go back into July: Monday the 3rd.
            assertThat(first("cron(0 9 1W * ? *)", "2026-07-31T00:00:00Z")).isEqualTo("2026-08-03T09:00:00Z");
            // 31W on a Sunday (2026-05-31) does not go forward into June: Friday the 29th.
            assertThat(first("cron(0 9 31W * ? *)", "2026-05-01T00:00:00Z")).isEqualTo("2026-05-29T09:00:00Z");
            // 30W in February: February has no 30th, so no fire that month.
            assertThat(first("cron(0 9 30W 2,3 ? *)", "2026-01-01T00:00:00Z")).isEqualTo("2026-03-30T09:00:00Z");
        }

        @Test
        void lAloneInDayOfWeek_isSaturday() {
            assertThat(next("cron(0 10 ? * L *)", UTC, "2026-03-09T00:00:00Z", 2))
                    .containsExactly("2026-03-14T10:00:00Z", "2026-03-21T10:00:00Z");
        }

        @Test
        void nLInDayOfWeek_isTheLastSuchWeekdayOfTheMonth() {
            assertThat(next("cron(0 10 ? * 6L *)", UTC, "2026-01-01T00:00:00Z", 3))
                    .containsExactly("2026-01-30T10:00:00Z", "2026-02-27T10:00:00Z", "2026-03-27T10:00:00Z");
            assertThat(next("cron(0 10 ? * friL *)", UTC, "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-30T10:00:00Z");
        }

        @Test
        void hashInDayOfWeek_isTheNthSuchWeekdayOfTheMonth() {
            assertThat(next("cron(0 9 ? * 3#2 *)", UTC, "2026-01-01T00:00:00Z", 3)) // second Tuesday
                    .containsExactly("2026-01-13T09:00:00Z", "2026-02-10T09:00:00Z", "2026-03-10T09:00:00Z");
            assertThat(next("cron(0 9 ? * MON#1 *)", UTC, "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-05T09:00:00Z");
        }

        @Test
        void fifthWeekday_skipsMonthsThatHaveOnlyFour() {
            // Fifth Friday: January 2026 has one (30th), February and March... March 2026 has none.
            assertThat(next("cron(0 9 ? * 6#5 *)", UTC, "2026-01-01T00:00:00Z", 3))
                    .containsExactly("2026-01-30T09:00:00Z", "2026-05-29T09:00:00Z", "2026-07-31T09:00:00Z");
        }

        @Test
        void yearField_limitsTheYearsAndEndsTheSchedule() {
            assertThat(next("cron(0 0 1 1 ? 2027,2029-2030)", UTC, "2026-06-01T00:00:00Z", 5))
                    .containsExactly("2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
            assertThat(next("cron(0 0 1 1 ? 2026/2)", UTC, "2026-06-01T00:00:00Z", 2))
                    .containsExactly("2028-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
            assertThat(next("cron(59 23 31 12 ? *)", UTC, "2199-12-31T23:59:00Z", 1)).isEmpty();
        }

        @Test
        void nextAfter_isStrictlyAfter() {
            CronExpression cron = (CronExpression) ScheduleExpression.parse("cron(0 8 * * ? *)");
            assertThat(cron.nextAfter(Instant.parse("2026-03-09T08:00:00Z"), UTC)).contains(Instant.parse("2026-03-10T08:00:00Z"));
            assertThat(cron.nextAfter(Instant.parse("2026-03-09T07:59:59.999Z"), UTC)).contains(Instant.parse("2026-03-09T08:00:00Z"));
        }

        @Test
        void previousBefore_isStrictlyBefore() {
            ScheduleExpression cron = ScheduleExpression.parse("cron(0 8 ? * MON-FRI *)");
            assertThat(cron.previousBefore(Instant.parse("2026-03-09T08:00:00Z"), UTC)).contains(Instant.parse("2026-03-06T08:00:00Z"));
            assertThat(cron.previousBefore(Instant.parse("2026-03-09T08:00:01Z"), UTC)).contains(Instant.parse("2026-03-09T08:00:00Z"));
            assertThat(cron.previousBefore(Instant.parse("1970-01-01T00:00:00Z"), UTC)).isEmpty();
        }

        @Test
        void startInstant_dropsEarlierFireTimes() {
            ScheduleExpression cron = ScheduleExpression.parse("cron(0 8 * * ? *)");
            assertThat(cron.nextAfter(Instant.parse("2026-03-01T00:00:00Z"), UTC, Instant.parse("2026-03-09T08:00:00Z")))
                    .contains(Instant.parse("2026-03-09T08:00:00Z"));
            assertThat(cron.previousBefore(Instant.parse("2026-03-09T09:00:00Z"), UTC, Instant.parse("2026-03-09T08:00:01Z"))).isEmpty();
        }

        @Test
        void timeZone_decidesWhichInstantALocalTimeIs() {
            assertThat(next("cron(0 8 ? * MON-FRI *)", BERLIN, "2026-03-27T00:00:00Z", 2)) // DST starts 2026-03-29 in Berlin
                    .containsExactly("2026-03-27T07:00:00Z", "2026-03-30T06:00:00Z");
        }
    }

    @Nested
    class DaylightSaving {

        @Test
        void aLocalTimeInTheSpringGap_isSkippedThatDay() {
            // New York: 2026-03-08 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that day.
            assertThat(next("cron(30 2 * * ? *)", NEW_YORK, "2026-03-07T00:00:00Z", 3))
                    .containsExactly("2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z");
        }

        @Test
        void aLocalTimeInTheAutumnOverlap_firesOnceAtItsFirstOccurrence() {
            // New York: 2026-11-01 02:00 EDT falls back to 01:00 EST; 01:30 happens twice.
            assertThat(next("cron(30 1 * * ? *)", NEW_YORK, "2026-10-31T12:00:00Z", 2))
                    .containsExactly("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z");
        }

        @Test
        void minuteSchedules_doNotRepeatTheRepeatedHour() {
            assertThat(next("cron(0/30 * * * ? *)", NEW_YORK, "2026-11-01T04:45:00Z", 4)).containsExactly(
                    "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z");
        }

        @Test
        void searchingFromInsideTheRepeatedHour_findsTheNextLocalTimeAfterIt() {
            // 06:10Z is 01:10 EST, the second 01:10. 01:30 has already fired (as EDT), so the next is 02:00 EST.
            assertThat(next("cron(0/30 * * * ? *)", NEW_YORK, "2026-11-01T06:10:00Z", 2))
                    .containsExactly("2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z");
        }

        @Test
        void halfHourShiftsAreHandled() {
            // Lord Howe Island moves by 30 minutes: 2026-10-04 02:00 +10:30 becomes 02:30 +11:00.
            ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
            assertThat(next("cron(15 2 * * ? *)", lordHowe, "2026-10-02T00:00:00Z", 3))
                    .containsExactly("2026-10-02T15:45:00Z", "2026-10-04T15:15:00Z", "2026-10-05T15:15:00Z");
        }

        @Test
        void gapsAtMidnight_skipTheMidnightRun() {
            // Havana springs forward at midnight: 2026-03-08 00:00 does not exist.
            ZoneId havana = ZoneId.of("America/Havana");
            assertThat(next("cron(0 0 * * ? *)", havana, "2026-03-06T12:00:00Z", 2))
                    .containsExactly("2026-03-07T05:00:00Z", "2026-03-09T04:00:00Z");
        }

        @Test
        void aDayThatDoesNotExist_hasNoFireTimes() {
            // Samoa skipped 2011-12-30 entirely.
            ZoneId apia = ZoneId.of("Pacific/Apia");
            assertThat(next("cron(0 12 * * ? *)", apia, "2011-12-28T00:00:00Z", 3)).containsExactly(
                    "2011-12-28T22:00:00Z", "2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z"); // UTC-10, then UTC+14 from the 31st
        }

        @Test
        void daylightSavingGaps_listTheSkippedLocalTimes() {
            List<SkippedFireTime> gaps = ScheduleExpression.parse("cron(30 2 ? * SUN *)").daylightSavingGaps(NEW_YORK, 2026, 2027);
            assertThat(gaps).extracting(SkippedFireTime::localTime)
                    .containsExactly(LocalDateTime.parse("2026-03-08T02:30"), LocalDateTime.parse("2027-03-14T02:30"));
            assertThat(gaps.get(0).describe()).contains("2026-03-08T02:30 does not exist in America/New_York")
                    .contains("02:00 to 03:00");
        }

        @Test
        void daylightSavingGaps_areEmptyForTimesThatAlwaysExist() {
            assertThat(ScheduleExpression.parse("cron(0 8 ? * MON-FRI *)").daylightSavingGaps(NEW_YORK, 2026, 2030)).isEmpty();
            assertThat(ScheduleExpression.parse("cron(30 2 * * ? *)").daylightSavingGaps(UTC, 2026, 2030)).isEmpty();
            assertThat(ScheduleExpression.parse("rate(1 hour)").daylightSavingGaps(NEW_YORK, 2026, 2030)).isEmpty();
        }

        @Test
        void anAtInTheGap_neverFiresAndIsReported() {
            ScheduleExpression at = ScheduleExpression.parse("at(2026-03-08T02:30:00)");
            assertThat(at.nextAfter(Instant.parse("2026-01-01T00:00:00Z"), NEW_YORK)).isEmpty();
            assertThat(at.daylightSavingGaps(NEW_YORK, 2000, 2001)).hasSize(1);
        }
    }

    @Nested
    class Rates {

        @Test
        void withoutAStart_theScheduleStartsAtTheReferenceInstant() {
            assertThat(next("rate(5 minutes)", UTC, "2026-03-09T10:00:30Z", 3))
                    .containsExactly("2026-03-09T10:05:30Z", "2026-03-09T10:10:30Z", "2026-03-09T10:15:30Z");
        }

        @Test
        void withAStart_fireTimesAreStartPlusWholePeriods() {
            ScheduleExpression rate = ScheduleExpression.parse("rate(2 hours)");
            Instant start = Instant.parse("2026-03-09T09:00:00Z");
            assertThat(rate.nextAfter(Instant.parse("2026-03-01T00:00:00Z"), UTC, start)).contains(start);
            assertThat(rate.nextAfter(start, UTC, start)).contains(Instant.parse("2026-03-09T11:00:00Z"));
            assertThat(rate.nextAfter(Instant.parse("2026-03-09T12:59:59Z"), UTC, start)).contains(Instant.parse("2026-03-09T13:00:00Z"));
            assertThat(rate.previousBefore(Instant.parse("2026-03-09T13:00:00Z"), UTC, start)).contains(Instant.parse("2026-03-09T11:00:00Z"));
            assertThat(rate.previousBefore(start, UTC, start)).isEmpty();
            assertThat(rate.previousBefore(Instant.parse("2026-03-09T13:00:00Z"), UTC)).isEmpty();
        }

        @Test
        void days_are24HoursEvenAcrossDaylightSaving() {
            ScheduleExpression rate = ScheduleExpression.parse("rate(1 day)");
            Instant start = Instant.parse("2026-03-07T13:00:00Z"); // 08:00 EST
            assertThat(rate.nextN(start, NEW_YORK, 2, start)).containsExactly(
                    Instant.parse("2026-03-08T13:00:00Z"), Instant.parse("2026-03-09T13:00:00Z")); // 09:00 EDT
        }

        @Test
        void atTheEndOfTime_thereIsNoNextFireTime() {
            ScheduleExpression rate = ScheduleExpression.parse("rate(7 days)");
            assertThat(rate.nextAfter(Instant.MAX.minusSeconds(60), UTC)).isEmpty();
            assertThat(ScheduleExpression.parse("cron(0 8 * * ? *)").nextAfter(Instant.MAX, UTC)).isEmpty();
            assertThat(ScheduleExpression.parse("cron(0 8 * * ? *)").nextAfter(Instant.MIN, UTC)).contains(Instant.parse("1970-01-01T08:00:00Z"));
        }

        @ParameterizedTest
        @CsvSource({"rate(1 minute),PT1M", "rate(1 minutes),PT1M", "rate(90 minutes),PT1H30M", "rate(1 hour),PT1H",
                "rate(12 hours),PT12H", "rate(1 day),PT24H", "rate(7 days),PT168H", "'  rate( 3   days )  ',PT72H"})
        void units_giveTheirPeriod(String text, String period) {
            assertThat(((RateExpression) ScheduleExpression.parse(text)).period()).hasToString(period);
        }
    }

    @Nested
    class At {

        @Test
        void firesOnceAtTheLocalTimeInTheZone() {
            assertThat(next("at(2026-03-09T08:00:00)", BERLIN, "2026-03-01T00:00:00Z", 5)).containsExactly("2026-03-09T07:00:00Z");
        }

        @Test
        void inThePast_hasNoNextFireTime() {
            assertThat(next("at(2026-03-09T08:00:00)", UTC, "2026-03-09T08:00:00Z", 5)).isEmpty();
        }

        @Test
        void keepsItsSeconds() {
            assertThat(next("at(2026-03-09T08:00:30)", UTC, "2026-03-01T00:00:00Z", 1)).containsExactly("2026-03-09T08:00:30Z");
        }

        @Test
        void inTheOverlap_firesAtTheFirstOccurrence() {
            assertThat(next("at(2026-11-01T01:30:00)", NEW_YORK, "2026-01-01T00:00:00Z", 1)).containsExactly("2026-11-01T05:30:00Z");
        }
    }

    @Nested
    class InvalidExpressions {

        static void rejects(String text, String message) {
            assertThatThrownBy(() -> ScheduleExpression.parse(text))
                    .isInstanceOf(InvalidScheduleExpressionException.class)
                    .hasMessage(message)
                    .satisfies(e -> assertThat(((DayshiftException) e).kind()).isEqualTo(DayshiftException.Kind.BAD_INPUT));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "cron(60 8 * * ? *)        | cron(60 8 * * ? *): minutes field '60': 60 is outside 0-59",
            "cron(0 24 * * ? *)        | cron(0 24 * * ? *): hours field '24': 24 is outside 0-23",
            "cron(0 8 0 * ? *)         | cron(0 8 0 * ? *): day-of-month field '0': 0 is outside 1-31",
            "cron(0 8 32 * ? *)        | cron(0 8 32 * ? *): day-of-month field '32': 32 is outside 1-31",
            "cron(0 8 1 13 ? *)        | cron(0 8 1 13 ? *): month field '13': 13 is outside 1-12 or JAN-DEC",
            "cron(0 8 ? * 8 *)         | cron(0 8 ? * 8 *): day-of-week field '8': 8 is outside 1-7 or SUN-SAT",
            "cron(0 8 ? * 0 *)         | cron(0 8 ? * 0 *): day-of-week field '0': 0 is outside 1-7 or SUN-SAT",
            "cron(0 8 * * ? 1969)      | cron(0 8 * * ? 1969): year field '1969': 1969 is outside 1970-2199",
            "cron(0 8 * * ? 2200)      | cron(0 8 * * ? 2200): year field '2200': 2200 is outside 1970-2199",
            "cron(0 8 * * ? 2030-2026) | cron(0 8 * * ? 2030-2026): year field '2030-2026': the year range 2030-2026 runs backwards",
            "cron(0 8 * JANUARY ? *)   | cron(0 8 * JANUARY ? *): month field 'JANUARY': 'JANUARY' is not a month name: use 1-12 or JAN-DEC",
            "cron(0 8 ? * MONDAY *)    | cron(0 8 ? * MONDAY *): day-of-week field 'MONDAY': 'MONDAY' is not a weekday name: use 1-7 or SUN-SAT",
            "cron(0 eight * * ? *)     | cron(0 eight * * ? *): hours field 'eight': 'eight' is not a number: values are 0-23",
            "cron(0 8 * * MON *)       | cron(0 8 * * MON *): day-of-month '*' and day-of-week 'MON' cannot both be set: one of them must be '?' (e.g. '? * MON-FRI' or '1 * ?')",
            "cron(0 8 * * * *)         | cron(0 8 * * * *): day-of-month '*' and day-of-week '*' cannot both be set: one of them must be '?' (e.g. '? * MON-FRI' or '1 * ?')",
            "cron(0 8 ? * ? *)         | cron(0 8 ? * ? *): day-of-month and day-of-week cannot both be '?': set one of them (for example * in day-of-month for every day)",
            "cron(0 8 * * ?)           | cron(0 8 * * ?): found 5 fields but Scheduler needs 6: minutes hours day-of-month month day-of-week year (the year is required; use * for every year)",
            "cron(0 0 8 * * ? *)       | cron(0 0 8 * * ? *): found 7 fields but Scheduler needs 6: minutes hours day-of-month month day-of-week year (there is no seconds field)",
            "cron()                    | cron(): cron() is empty; it needs 6 fields: minutes hours day-of-month month day-of-week year",
            "cron(? 8 * * ? *)         | cron(? 8 * * ? *): minutes field '?': '?' is only allowed in day-of-month and day-of-week",
            "cron(0 L * * ? *)         | cron(0 L * * ? *): hours field 'L': 'L' is not allowed in the hours field (allowed: , - * /)",
            "cron(0 8 1#2 * ? *)       | cron(0 8 1#2 * ? *): day-of-month field '1#2': '#' is not allowed in the day-of-month field (allowed: , - * ? / L W)",
            "cron(0 8 L-3 * ? *)       | cron(0 8 L-3 * ? *): day-of-month field 'L-3': an offset from the last day (L-n) is not accepted by EventBridge Scheduler; use L or LW",
            "cron(0 8 ? * L-2 *)       | cron(0 8 ? * L-2 *): day-of-week field 'L-2': an offset from the last day (L-n) is not part of Scheduler's day-of-week syntax; use nL for the last such weekday (e.g. 6L, FRIL)",
            "cron(0 8 1,L * ? *)       | cron(0 8 1,L * ? *): day-of-month field '1,L': 'L' must stand alone in day-of-month (L or LW); it cannot be part of a list, range or step",
            "cron(0 8 1-5W * ? *)      | cron(0 8 1-5W * ? *): day-of-month field '1-5W': 'W' takes a single day (1W-31W) or LW and must stand alone; it cannot be part of a list, range or step",
            "cron(0 8 W * ? *)         | cron(0 8 W * ? *): day-of-month field 'W': 'W' needs a day before it (1W-31W, or LW)",
            "cron(0 8 32W * ? *)       | cron(0 8 32W * ? *): day-of-month field '32W': 32 is outside 1-31 (nW takes a day of the month)",
            "cron(0 8 ? * 2#6 *)       | cron(0 8 ? * 2#6 *): day-of-week field '2#6': the occurrence after '#' must be 1-5, not 6",
            "cron(0 8 ? * 2#0 *)       | cron(0 8 ? * 2#0 *): day-of-week field '2#0': the occurrence after '#' must be 1-5, not 0",
            "cron(0 8 ? * 3#1,6#3 *)   | cron(0 8 ? * 3#1,6#3 *): day-of-week field '3#1,6#3': '#' must be the only entry in day-of-week (Scheduler takes a single n#k, e.g. 2#1 for the first Monday)",
            "cron(0 8 ? * #2 *)        | cron(0 8 ? * #2 *): day-of-week field '#2': '#' needs a weekday before it and an occurrence 1-5 after it (e.g. 2#1 or MON#1)",
            "cron(0 8 ? * MON-FRI/2 *) | cron(0 8 ? * MON-FRI/2 *): day-of-week field 'MON-FRI/2': day-of-week does not take '/' in EventBridge Scheduler; list the days instead (e.g. MON,WED,FRI)",
            "cron(0 8 ? * MON,5L *)    | cron(0 8 ? * MON,5L *): day-of-week field 'MON,5L': 'L' takes a single weekday before it (e.g. 6L or FRIL for the last Friday); it cannot follow a list or range",
            "cron(0 8 ? * 8L *)        | cron(0 8 ? * 8L *): day-of-week field '8L': 8 is outside 1-7 or SUN-SAT",
            "cron(0 8 1,,2 * ? *)      | cron(0 8 1,,2 * ? *): day-of-month field '1,,2': empty entry in the list (check for ',,' or a ',' at either end)",
            "cron(0 8,* * ? *)         | cron(0 8,* * ? *): found 5 fields but Scheduler needs 6: minutes hours day-of-month month day-of-week year (the year is required; use * for every year)",
            "cron(0 8, * * ? *)        | cron(0 8, * * ? *): hours field '8,': empty entry in the list (check for ',,' or a ',' at either end)",
            "cron(0/ 8 * * ? *)        | cron(0/ 8 * * ? *): minutes field '0/': '/' needs an increment after it (e.g. 0/15)",
            "cron(0/0 8 * * ? *)       | cron(0/0 8 * * ? *): minutes field '0/0': the increment after '/' must be at least 1",
            "cron(/5 8 * * ? *)        | cron(/5 8 * * ? *): minutes field '/5': '/' needs a start before it (e.g. 0/15 or */15)",
            "cron(0/x 8 * * ? *)       | cron(0/x 8 * * ? *): minutes field '0/x': the increment after '/' must be a whole number, not 'x'",
            "cron(5- 8 * * ? *)        | cron(5- 8 * * ? *): minutes field '5-': the range '5-' has no end",
            "cron(1-2-3 8 * * ? *)     | cron(1-2-3 8 * * ? *): minutes field '1-2-3': '1-2-3' is not a range: use a-b",
            "cron(*-5 8 * * ? *)       | cron(*-5 8 * * ? *): minutes field '*-5': a range takes two values (a-b), not '*'",
            "cron(-5 8 * * ? *)        | cron(-5 8 * * ? *): minutes field '-5': '-5' is not a value: values are 0-59",
            "cron(005 8 * * ? *)       | cron(005 8 * * ? *): minutes field '005': '005' has too many digits",
            "cron(0 8 * * ? 26)        | cron(0 8 * * ? 26): year field '26': 26 is outside 1970-2199 (years have four digits)",
            "cron(0 8 * * ? *!)        | cron(0 8 * * ? *!): year field '*!': unexpected character '!' (allowed: , - * /)",
            "rate(5 hour)              | rate(5 hour): rate field 'hour': with the value 5 the unit is plural: rate(5 hours)",
            "rate(0 minutes)           | rate(0 minutes): rate field '0': the value must be a positive whole number (at least 1)",
            "rate(-1 minutes)          | rate(-1 minutes): rate field '-1': the value must be a positive whole number",
            "rate(1.5 hours)           | rate(1.5 hours): rate field '1.5': the value must be a positive whole number",
            "rate(5 weeks)             | rate(5 weeks): rate field 'weeks': the unit must be minutes, hours or days (minute, hour or day with the value 1)",
            "rate(5 seconds)           | rate(5 seconds): rate field 'seconds': the unit must be minutes, hours or days (minute, hour or day with the value 1)",
            "rate(5 Minutes)           | rate(5 Minutes): rate field 'Minutes': units are lower case: minutes",
            "rate(5)                   | rate(5): rate field '5': rate() takes exactly a value and a unit, e.g. rate(5 minutes); found 1 part(s)",
            "rate()                    | rate(): rate field: rate() needs a value and a unit, e.g. rate(5 minutes)",
            "at(2026-02-30T08:00:00)   | at(2026-02-30T08:00:00): at field '2026-02-30T08:00:00': 2026-02-30 is not a date",
            "at(2026-13-01T08:00:00)   | at(2026-13-01T08:00:00): at field '2026-13-01T08:00:00': 2026-13-01 is not a date (months are 01-12)",
            "at(2026-03-01T24:00:00)   | at(2026-03-01T24:00:00): at field '2026-03-01T24:00:00': 24:00:00 is not a time of day (00:00:00-23:59:59)",
            "at(2026-03-01T08:00)      | at(2026-03-01T08:00): at field '2026-03-01T08:00': expected yyyy-mm-ddThh:mm:ss (local time, with seconds, no offset), e.g. at(2026-03-09T08:00:00)",
            "at(2026-03-01T08:00:00Z)  | at(2026-03-01T08:00:00Z): at field '2026-03-01T08:00:00Z': expected yyyy-mm-ddThh:mm:ss (local time, with seconds, no offset), e.g. at(2026-03-09T08:00:00)",
            "every 5 minutes           | every 5 minutes: not a schedule expression: expected cron(...), rate(...) or at(...)",
            "CRON(0 8 * * ? *)         | CRON(0 8 * * ? *): 'CRON': expression types are lower case: cron(...)",
            "cronjob(0 8 * * ? *)      | cronjob(0 8 * * ? *): 'cronjob': unknown expression type: expected cron(...), rate(...) or at(...)",
            "cron(0 8 * * ? *          | cron(0 8 * * ? *: missing the closing ')'",
            "cron(0 8 * * ? *) x       | cron(0 8 * * ? *) x: missing the closing ')'",
            "cron((0 8 * * ? *)        | cron((0 8 * * ? *): '(': unexpected '(' inside the expression",
        })
        void areRejectedWithTheFieldAndTheToken(String text, String message) {
            rejects(text, message);
        }

        @Test
        void emptyOrBlank_isRejected() {
            rejects("", "(empty schedule expression): a schedule expression is needed: cron(...), rate(...) or at(...)");
            rejects("   ", "(empty schedule expression): a schedule expression is needed: cron(...), rate(...) or at(...)");
            rejects(null, "(empty schedule expression): a schedule expression is needed: cron(...), rate(...) or at(...)");
        }

        @Test
        void theExceptionLocatesTheToken() {
            InvalidScheduleExpressionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidScheduleExpressionException.class, () -> ScheduleExpression.parse("cron(0 25 * * ? *)"));
            assertThat(e.field()).contains("hours");
            assertThat(e.token()).contains("25");
            assertThat(e.position()).isEqualTo(7);
            assertThat(e.reason()).isEqualTo("25 is outside 0-23");
        }
    }

    @Nested
    class ValidExpressionsFromTheAwsDocs {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "cron(0 10 * * ? *)", "cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 * * * ? *)",
            "cron(0/10 * ? * MON-FRI *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)", "cron(0 18 ? * L *)",
            "cron(0 18 ? * SATL *)", "cron(0 18 31W * ? *)", "cron(1/5 8-17 ? * Mon-Fri *)", "cron(0 07/12 ? * * *)",
            "cron(0,5 07/12 ? * 1,5,7 2020-2021,2028-2199)", "cron(0 9-5 ? * MON-FRI *)", "cron(30 0 1 JAN,APR,JUL,OCT ? *)",
            "cron(0 11-23/2 * * ? *)", "cron(0 1-7/2,11-23/2,10 * * ? *)", "cron(30 0 1 JAN-APR,JUL-OCT/2,DEC ? *)",
            "cron(15 10 ? * 6L 2019-2022)", "cron(0 18 LW * ? *)", "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)",
            "rate(1 day)", "rate(7 days)", "at(2026-12-31T23:59:59)"})
        void parse(String text) {
            assertThat(ScheduleExpression.parse(text).text()).isEqualTo(text);
        }

        @Test
        void aScheduleThatFiresNoMore_returnsNothing() {
            assertThat(ScheduleExpression.parse("cron(0 0 1 1 ? 2020)").nextAfter(Instant.parse("2026-01-01T00:00:00Z"), UTC))
                    .isEqualTo(Optional.empty());
        }
    }

    @Nested
    class Zones {

        @Test
        void ianaNames_areAccepted() {
            assertThat(TimeZones.parse("Europe/Berlin")).isEqualTo(BERLIN);
            assertThat(TimeZones.parse("UTC")).isEqualTo(ZoneId.of("UTC"));
        }

        @Test
        void unknownNamesAndOffsets_areRejectedWithAHint() {
            assertThatThrownBy(() -> TimeZones.parse("Mars/Olympus")).isInstanceOf(InvalidTimeZoneException.class)
                    .hasMessageContaining("unknown time zone 'Mars/Olympus'");
            assertThatThrownBy(() -> TimeZones.parse("europe/berlin")).hasMessageContaining("did you mean Europe/Berlin?");
            assertThatThrownBy(() -> TimeZones.parse("+02:00")).hasMessageContaining("fixed offset");
            assertThatThrownBy(() -> TimeZones.parse("")).hasMessageContaining("time zone is empty");
        }
    }
}
