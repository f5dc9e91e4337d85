package dev.dayshift.core.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.calendar.HolidayCalendar;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.HolidayRule;
import dev.dayshift.core.config.ScheduleOverride;
import dev.dayshift.core.schedule.ScheduleExpression;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RuntimeScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String UP = "cron(0 8 ? * MON-FRI *)";
    static final String DOWN = "cron(0 18 ? * MON-FRI *)";

    static RuntimeSchedule weekdays(List<HolidayRule> holidays, List<ScheduleOverride> overrides, Optional<Instant> expires) {
        return schedule(UP, DOWN, holidays, overrides, expires);
    }

    static RuntimeSchedule schedule(String up, String down, List<HolidayRule> holidays, List<ScheduleOverride> overrides, Optional<Instant> expires) {
        return new RuntimeSchedule(Optional.ofNullable(up).map(ScheduleExpression::parse), Optional.ofNullable(down).map(ScheduleExpression::parse),
                false, BERLIN, HolidayCalendar.of(holidays), overrides, expires, RuntimeSchedule.DEFAULT_RATE_ANCHOR);
    }

    /** A local time in Berlin. */
    static Instant at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), BERLIN).toInstant();
    }

    static List<String> lines(Explanation e) {
        return e.intervals().stream().map(i -> i.state().id() + " " + ZonedDateTime.ofInstant(i.from(), BERLIN).toLocalDateTime()
                + " " + ZonedDateTime.ofInstant(i.to(), BERLIN).toLocalDateTime() + " " + i.cause().id()).toList();
    }

    static void assertContiguous(Explanation e) {
        assertThat(e.intervals().get(0).from()).isEqualTo(e.from());
        assertThat(e.intervals().get(e.intervals().size() - 1).to()).isEqualTo(e.to());
        for (int i = 1; i < e.intervals().size(); i++) {
            assertThat(e.intervals().get(i).from()).isEqualTo(e.intervals().get(i - 1).to());
        }
    }

    @Nested
    class Schedule {

        @Test
        void aWeekdaySchedule_isUpTenHoursADay() {
            Explanation e = weekdays(List.of(), List.of(), Optional.empty()).explain(LocalDate.parse("2026-03-09"), 7); // Monday
            assertContiguous(e);
            assertThat(lines(e)).containsExactly(
                    "down 2026-03-09T00:00 2026-03-09T08:00 schedule",
                    "up 2026-03-09T08:00 2026-03-09T18:00 schedule",
                    "down 2026-03-09T18:00 2026-03-10T08:00 schedule",
                    "up 2026-03-10T08:00 2026-03-10T18:00 schedule",
                    "down 2026-03-10T18:00 2026-03-11T08:00 schedule",
                    "up 2026-03-11T08:00 2026-03-11T18:00 schedule",
                    "down 2026-03-11T18:00 2026-03-12T08:00 schedule",
                    "up 2026-03-12T08:00 2026-03-12T18:00 schedule",
                    "down 2026-03-12T18:00 2026-03-13T08:00 schedule",
                    "up 2026-03-13T08:00 2026-03-13T18:00 schedule",
                    "down 2026-03-13T18:00 2026-03-16T00:00 schedule");
            assertThat(e.runtimeHours()).isEqualTo(50.0);
            assertThat(e.alwaysOnHours()).isEqualTo(168.0);
            assertThat(e.savingHours()).isEqualTo(118.0);
            assertThat(e.savingPercent()).isCloseTo(70.24, org.assertj.core.data.Offset.offset(0.01));
        }

        @Test
        void theStateBeforeTheFirstFireTime_comesFromTheLastFireBeforeTheWindow() {
            RuntimeSchedule s = weekdays(List.of(), List.of(), Optional.empty());
            DesiredState saturday = s.stateAt(at("2026-03-14T12:00"));
            assertThat(saturday.state()).isEqualTo(RuntimeState.DOWN);
            assertThat(saturday.why()).isEqualTo("scheduled down at 2026-03-13T18:00:00+01:00 by " + DOWN);
            DesiredState tuesday = s.stateAt(at("2026-03-10T12:00"));
            assertThat(tuesday.state()).isEqualTo(RuntimeState.UP);
            assertThat(tuesday.why()).isEqualTo("scheduled up at 2026-03-10T08:00:00+01:00 by " + UP);
        }

        @Test
        void aFireTime_takesEffectAtThatInstant() {
            RuntimeSchedule s = weekdays(List.of(), List.of(), Optional.empty());
            assertThat(s.stateAt(at("2026-03-10T08:00")).state()).isEqualTo(RuntimeState.UP);
            assertThat(s.stateAt(at("2026-03-10T08:00").minusNanos(1)).state()).isEqualTo(RuntimeState.DOWN);
        }

        @Test
        void upAndDownAtTheSameInstant_isDown() {
            RuntimeSchedule s = schedule("cron(0 8 * * ? *)", "cron(0 8 ? * SUN *)", List.of(), List.of(), Optional.empty());
            assertThat(s.stateAt(at("2026-03-15T09:00")).state()).isEqualTo(RuntimeState.DOWN); // Sunday
            assertThat(s.stateAt(at("2026-03-16T09:00")).state()).isEqualTo(RuntimeState.UP);
        }

        @Test
        void withoutAnUpExpression_theRuntimeStaysDown() {
            DesiredState s = schedule(null, DOWN, List.of(), List.of(), Optional.empty()).stateAt(at("2026-03-10T12:00"));
            assertThat(s.state()).isEqualTo(RuntimeState.DOWN);
            assertThat(s.cause()).isEqualTo(Cause.NO_SCHEDULE);
        }

        @Test
        void withoutADownExpression_theRuntimeStaysUpOnceUp() {
            RuntimeSchedule s = schedule("at(2026-03-10T08:00:00)", null, List.of(), List.of(), Optional.empty());
            assertThat(s.stateAt(at("2026-03-10T07:00")).cause()).isEqualTo(Cause.NO_SCHEDULE);
            assertThat(s.stateAt(at("2027-01-01T00:00")).state()).isEqualTo(RuntimeState.UP);
        }

        @Test
        void aPausedSchedule_keepsTheRuntimeDown() {
            RuntimeSchedule s = new RuntimeSchedule(Optional.of(ScheduleExpression.parse(UP)), Optional.of(ScheduleExpression.parse(DOWN)),
                    true, BERLIN, HolidayCalendar.empty(), List.of(), Optional.empty(), Instant.EPOCH);
            assertThat(s.stateAt(at("2026-03-10T12:00")).why()).contains("schedule paused");
            assertThat(s.nextChangeAfter(at("2026-03-10T12:00"))).isEmpty();
        }

        @Test
        void rateExpressions_countFromTheRateAnchor() {
            RuntimeSchedule s = schedule("rate(2 days)", "rate(1 day)", List.of(), List.of(), Optional.empty())
                    .withRateAnchor(Instant.parse("2026-03-09T11:00:00Z"));
            // up at 11:00Z on the 9th, 11th...; down every day at 11:00Z: ties are down, so always down.
            assertThat(s.stateAt(Instant.parse("2026-03-09T12:00:00Z")).state()).isEqualTo(RuntimeState.DOWN);
            RuntimeSchedule t = schedule("rate(1 day)", null, List.of(), List.of(), Optional.empty())
                    .withRateAnchor(Instant.parse("2026-03-09T11:00:00Z"));
            assertThat(t.stateAt(Instant.parse("2026-03-09T10:59:59Z")).cause()).isEqualTo(Cause.NO_SCHEDULE);
            assertThat(t.stateAt(Instant.parse("2026-03-09T11:00:00Z")).state()).isEqualTo(RuntimeState.UP);
        }

        @Test
        void daylightSavingDays_countTheirRealLength() {
            // Berlin springs forward on 2026-03-29: that week has 167 hours.
            Explanation e = weekdays(List.of(), List.of(), Optional.empty()).explain(LocalDate.parse("2026-03-23"), 7);
            assertThat(e.alwaysOnHours()).isEqualTo(167.0);
            assertThat(e.runtimeHours()).isEqualTo(50.0);
        }
    }

    @Nested
    class Holidays {

        static final List<HolidayRule> WEDNESDAY = List.of(new HolidayRule.ExplicitDate(LocalDate.parse("2026-03-11"), "Company day"));

        @Test
        void keepTheRuntimeDownForTheWholeLocalDay() {
            Explanation e = weekdays(WEDNESDAY, List.of(), Optional.empty()).explain(LocalDate.parse("2026-03-10"), 2);
            assertContiguous(e);
            assertThat(lines(e)).containsExactly(
                    "down 2026-03-10T00:00 2026-03-10T08:00 schedule",
                    "up 2026-03-10T08:00 2026-03-10T18:00 schedule",
                    "down 2026-03-10T18:00 2026-03-11T00:00 schedule",
                    "down 2026-03-11T00:00 2026-03-12T00:00 holiday");
            assertThat(e.intervals().get(3).why()).isEqualTo("holiday 2026-03-11: Company day");
            assertThat(e.runtimeHours()).isEqualTo(10.0);
        }

        @Test
        void afterTheHoliday_theScheduleResumes() {
            // Up Monday 08:00, down Friday 18:00: a Wednesday holiday takes that day out, then it is up again.
            RuntimeSchedule s = schedule("cron(0 8 ? * MON *)", "cron(0 18 ? * FRI *)", WEDNESDAY, List.of(), Optional.empty());
            assertThat(s.stateAt(at("2026-03-11T12:00")).cause()).isEqualTo(Cause.HOLIDAY);
            DesiredState thursday = s.stateAt(at("2026-03-12T00:00"));
            assertThat(thursday.state()).isEqualTo(RuntimeState.UP);
            assertThat(thursday.why()).isEqualTo("scheduled up at 2026-03-09T08:00:00+01:00 by cron(0 8 ? * MON *)");
        }

        @Test
        void yearlyRules_applyInTheEnvironmentsZone() {
            RuntimeSchedule s = weekdays(List.of(new HolidayRule.NthWeekday(java.time.Month.MARCH, java.time.DayOfWeek.TUESDAY, 2, "Team day")),
                    List.of(), Optional.empty());
            assertThat(s.stateAt(at("2026-03-10T00:00")).cause()).isEqualTo(Cause.HOLIDAY);
            assertThat(s.stateAt(at("2026-03-10T00:00").minusSeconds(1)).cause()).isEqualTo(Cause.SCHEDULE);
        }
    }

    @Nested
    class Overrides {

        static ScheduleOverride keepUp(String from, String until) {
            return new ScheduleOverride(ScheduleOverride.Mode.KEEP_UP, Optional.ofNullable(from).map(RuntimeScheduleTest::at), at(until),
                    "release testing", "alice");
        }

        static ScheduleOverride keepDown(String from, String until) {
            return new ScheduleOverride(ScheduleOverride.Mode.KEEP_DOWN, Optional.ofNullable(from).map(RuntimeScheduleTest::at), at(until),
                    "cost freeze", "bob");
        }

        @Test
        void keepUp_winsOverTheScheduleAndHolidaysUntilItExpires() {
            RuntimeSchedule s = weekdays(Holidays.WEDNESDAY, List.of(keepUp("2026-03-10T17:00", "2026-03-11T20:00")), Optional.empty());
            Explanation e = s.explain(LocalDate.parse("2026-03-10"), 2);
            assertThat(lines(e)).containsExactly(
                    "down 2026-03-10T00:00 2026-03-10T08:00 schedule",
                    "up 2026-03-10T08:00 2026-03-10T17:00 schedule",
                    "up 2026-03-10T17:00 2026-03-11T20:00 override",
                    "down 2026-03-11T20:00 2026-03-12T00:00 holiday");
            assertThat(e.intervals().get(2).why()).isEqualTo("override keep-up until 2026-03-11T20:00:00+01:00 set by alice: release testing");
        }

        @Test
        void keepDown_winsOverTheSchedule() {
            RuntimeSchedule s = weekdays(List.of(), List.of(keepDown(null, "2026-03-10T12:00")), Optional.empty());
            assertThat(s.stateAt(at("2026-03-10T09:00")).state()).isEqualTo(RuntimeState.DOWN);
            assertThat(s.stateAt(at("2026-03-10T12:00")).state()).isEqualTo(RuntimeState.UP); // expired by itself
        }

        @Test
        void whenTwoOverlap_theLaterStartedOneWins() {
            RuntimeSchedule s = weekdays(List.of(), List.of(keepUp("2026-03-14T08:00", "2026-03-15T20:00"),
                    keepDown("2026-03-14T10:00", "2026-03-14T12:00")), Optional.empty());
            assertThat(s.stateAt(at("2026-03-14T09:00")).state()).isEqualTo(RuntimeState.UP);
            assertThat(s.stateAt(at("2026-03-14T11:00")).state()).isEqualTo(RuntimeState.DOWN);
            assertThat(s.stateAt(at("2026-03-14T13:00")).state()).isEqualTo(RuntimeState.UP);
        }
    }

    @Nested
    class Expiry {

        @Test
        void afterTheTtl_theRuntimeStaysDown() {
            RuntimeSchedule s = weekdays(List.of(), List.of(), Optional.of(at("2026-03-11T12:00")));
            Explanation e = s.explain(LocalDate.parse("2026-03-11"), 3);
            assertThat(lines(e)).containsExactly(
                    "down 2026-03-11T00:00 2026-03-11T08:00 schedule",
                    "up 2026-03-11T08:00 2026-03-11T12:00 schedule",
                    "down 2026-03-11T12:00 2026-03-14T00:00 expired");
        }

        @Test
        void anOverride_stillWinsAfterTheTtl() {
            RuntimeSchedule s = weekdays(List.of(), List.of(Overrides.keepUp("2026-03-12T09:00", "2026-03-12T10:00")),
                    Optional.of(at("2026-03-11T12:00")));
            assertThat(s.stateAt(at("2026-03-12T09:30")).state()).isEqualTo(RuntimeState.UP);
        }
    }

    @Nested
    class NextChange {

        @Test
        void isTheNextInstantTheStateDiffers() {
            RuntimeSchedule s = weekdays(List.of(), List.of(), Optional.empty());
            StateChange c = s.nextChangeAfter(at("2026-03-13T17:00")).orElseThrow();
            assertThat(c.at()).isEqualTo(at("2026-03-13T18:00"));
            assertThat(c.before().state()).isEqualTo(RuntimeState.UP);
            assertThat(c.after().state()).isEqualTo(RuntimeState.DOWN);
            assertThat(s.nextChangeAfter(at("2026-03-13T18:00")).orElseThrow().at()).isEqualTo(at("2026-03-16T08:00"));
        }

        @Test
        void skipsFireTimesThatChangeNothing() {
            // Monday is a holiday: the next change after Saturday is Tuesday's start.
            RuntimeSchedule s = weekdays(List.of(new HolidayRule.ExplicitDate(LocalDate.parse("2026-03-16"), "Holiday")), List.of(), Optional.empty());
            assertThat(s.nextChangeAfter(at("2026-03-14T12:00")).orElseThrow().at()).isEqualTo(at("2026-03-17T08:00"));
        }

        @Test
        void isEmptyWhenNothingChanges() {
            assertThat(schedule(null, null, List.of(), List.of(), Optional.empty()).nextChangeAfter(at("2026-03-14T12:00"))).isEmpty();
        }

        @Test
        void seesAnOverrideEnding() {
            RuntimeSchedule s = weekdays(List.of(), List.of(Overrides.keepUp(null, "2026-03-14T20:00")), Optional.empty());
            StateChange c = s.nextChangeAfter(at("2026-03-14T12:00")).orElseThrow();
            assertThat(c.at()).isEqualTo(at("2026-03-14T20:00"));
            assertThat(c.after().cause()).isEqualTo(Cause.SCHEDULE);
            assertThat(Duration.between(at("2026-03-14T12:00"), c.at())).isEqualTo(Duration.ofHours(8));
        }
    }

    @Nested
    class FromConfiguration {

        @Test
        void readsTheEnvironmentsScheduleHolidaysAndOverrides() {
            String yaml = """
                    version: 1
                    environments:
                      dev:
                        region: eu-central-1
                        timezone: Europe/Berlin
                        schedule:
                          up: cron(0 8 ? * MON-FRI *)
                          down: cron(0 18 ? * MON-FRI *)
                        holidays:
                          - {date: 2026-03-11, name: Company day}
                        overrides:
                          - mode: keep-up
                            from: 2026-03-13T17:00:00+01:00
                            until: 2026-03-13T20:00:00+01:00
                            reason: demo
                            setBy: alice
                        phases:
                          runtime:
                            tool: script
                            directory: .
                    """;
            DayshiftConfig cfg = ConfigLoader.parse(yaml, "dayshift.yaml", Path.of("dayshift.yaml"), Path.of("."));
            RuntimeSchedule s = RuntimeSchedule.of(cfg.requireEnvironment("dev"));
            assertThat(s.stateAt(at("2026-03-11T12:00")).cause()).isEqualTo(Cause.HOLIDAY);
            assertThat(s.stateAt(at("2026-03-13T19:00")).cause()).isEqualTo(Cause.OVERRIDE);
            assertThat(s.stateAt(at("2026-03-13T20:00")).cause()).isEqualTo(Cause.SCHEDULE);
            assertThat(s.explain(LocalDate.parse("2026-03-09"), 7).runtimeHours()).isEqualTo(10 + 10 + 10 + 12 + 0.0);
        }
    }
}
