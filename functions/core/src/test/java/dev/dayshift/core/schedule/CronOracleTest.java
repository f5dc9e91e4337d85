package dev.dayshift.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Holds the cron evaluator against a brute-force oracle: every minute of a window is converted to
 * local time and tested against the expression's meaning, written here independently of the parser
 * (the generators produce the text and its meaning together). Windows sit on daylight-saving
 * transitions of zones with unusual rules.
 */
class CronOracleTest {

    /** Zones with rules worth testing: half-hour and two-hour shifts, midnight gaps, southern summers, changed rules. */
    static final List<String> ZONES = List.of(
            "UTC", "America/New_York", "Europe/Berlin", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe",
            "Australia/Sydney", "Australia/Adelaide", "America/Sao_Paulo", "America/Santiago", "America/Havana",
            "Asia/Tehran", "Europe/Moscow", "Africa/Casablanca", "Pacific/Apia", "Asia/Kolkata", "Asia/Kathmandu",
            "Pacific/Chatham", "America/St_Johns", "Antarctica/Troll", "Pacific/Kiritimati", "America/Caracas",
            "America/Nuuk", "Asia/Gaza", "Pacific/Auckland", "America/Asuncion");

    static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    /** A field's text and the values it means. */
    record Field(String text, Set<Integer> values) {
    }

    /** A whole expression: text and meaning. */
    record Case(String text, Predicate<LocalDateTime> matches) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A window [from, to) in a zone. */
    record Window(ZoneId zone, Instant from, Instant to) {
    }

    @Property(tries = 400)
    void timesOfDayAroundTransitions_matchTheOracle(@ForAll("timeOfDayCases") Case c, @ForAll("transitionWindows") Window w) {
        check(c, w);
    }

    @Property(tries = 120)
    void dayRulesOverTwoMonths_matchTheOracle(@ForAll("dayRuleCases") Case c, @ForAll("monthWindows") Window w) {
        check(c, w);
    }

    static void check(Case c, Window w) {
        ScheduleExpression e = ScheduleExpression.parse("cron(" + c.text() + ")");
        List<Instant> expected = oracle(c, w);
        List<Instant> actual = e.fireTimesBetween(w.from(), w.to(), w.zone(), null);
        assertThat(actual).as("cron(%s) in %s from %s", c.text(), w.zone(), w.from()).isEqualTo(expected);
        for (int i = 1; i < expected.size(); i++) {
            assertThat(e.previousBefore(expected.get(i), w.zone())).as("previous before %s", expected.get(i)).contains(expected.get(i - 1));
        }
        if (!expected.isEmpty()) {
            assertThat(e.previousBefore(w.to(), w.zone())).contains(expected.get(expected.size() - 1));
            assertThat(e.nextAfter(expected.get(0).minusSeconds(30), w.zone())).contains(expected.get(0));
        }
    }

    /** Every UTC minute of the window whose local time matches and occurs there for the first time. */
    static List<Instant> oracle(Case c, Window w) {
        ZoneRules rules = w.zone().getRules();
        List<Instant> out = new ArrayList<>();
        for (Instant i = w.from().truncatedTo(ChronoUnit.MINUTES); i.isBefore(w.to()); i = i.plusSeconds(60)) {
            if (i.isBefore(w.from())) {
                continue;
            }
            LocalDateTime local = LocalDateTime.ofInstant(i, w.zone());
            if (local.getSecond() != 0 || !c.matches().test(local)) {
                continue;
            }
            ZoneOffsetTransition t = rules.previousTransition(i.plusSeconds(1));
            if (t != null && t.isOverlap()) {
                Instant firstPass = i.minus(Duration.ofSeconds(t.getOffsetBefore().getTotalSeconds() - t.getOffsetAfter().getTotalSeconds()));
                if (firstPass.isBefore(t.getInstant()) && LocalDateTime.ofInstant(firstPass, w.zone()).equals(local)) {
                    continue; // the second time this local time occurs: Scheduler fires once
                }
            }
            out.add(i);
        }
        return out;
    }

    // ---- generators ------------------------------------------------------------------------

    static Arbitrary<Field> field(int min, int max, String[] names) {
        int size = max - min + 1;
        Arbitrary<Integer> v = Arbitraries.integers().between(min, max);
        Arbitrary<Integer> step = Arbitraries.integers().between(1, Math.max(1, size / 2 + 1));
        Arbitrary<Field> star = Arbitraries.just(new Field("*", range(min, max, 1, min, max)));
        Arbitrary<Field> single = v.map(x -> new Field(name(x, min, names), Set.of(x)));
        Arbitrary<Field> list = v.list().ofMinSize(2).ofMaxSize(4).map(xs -> new Field(
                String.join(",", xs.stream().map(x -> name(x, min, names)).toList()), new TreeSet<>(xs)));
        Arbitrary<Field> rangeF = Combinators.combine(v, v).as((a, b) -> new Field(name(a, min, names) + "-" + name(b, min, names), range(a, b, 1, min, max)));
        Arbitrary<Field> startStep = Combinators.combine(v, step).as((a, n) -> new Field(name(a, min, names) + "/" + n, range(a, max, n, min, max)));
        Arbitrary<Field> starStep = step.map(n -> new Field("*/" + n, range(min, max, n, min, max)));
        Arbitrary<Field> rangeStep = Combinators.combine(v, v, step).as((a, b, n) ->
                new Field(name(a, min, names) + "-" + name(b, min, names) + "/" + n, range(a, b, n, min, max)));
        Arbitrary<Field> mixed = Combinators.combine(rangeF, single).as((r, s) -> {
            Set<Integer> all = new TreeSet<>(r.values());
            all.addAll(s.values());
            return new Field(r.text() + "," + s.text(), all);
        });
        return Arbitraries.frequencyOf(
                Tuple.of(3, star), Tuple.of(3, single), Tuple.of(2, list), Tuple.of(2, rangeF),
                Tuple.of(2, startStep), Tuple.of(2, starStep), Tuple.of(1, rangeStep), Tuple.of(1, mixed));
    }

    /** Values a..b step n, wrapping past max back to min when b < a (the oracle's own reading). */
    static Set<Integer> range(int a, int b, int n, int min, int max) {
        Set<Integer> out = new TreeSet<>();
        int x = a;
        int count = 0;
        int span = b >= a ? b - a : (max - a) + (b - min) + 1;
        for (int k = 0; k <= span; k += n) {
            out.add(x);
            count++;
            for (int j = 0; j < n; j++) {
                x = x == max ? min : x + 1;
            }
        }
        return out;
    }

    static String name(int x, int min, String[] names) {
        if (names != null && (x * 7 + min) % 3 == 0) {
            return x % 2 == 0 ? names[x - 1] : names[x - 1].toLowerCase();
        }
        return String.valueOf(x);
    }

    /** The day-of-month and day-of-week texts and which dates they mean. */
    record Days(String dom, String dow, Predicate<LocalDate> matches) {
    }

    @Provide
    Arbitrary<Case> timeOfDayCases() {
        Arbitrary<Field> minutes = field(0, 59, null);
        Arbitrary<Field> hours = field(0, 23, null);
        Arbitrary<Field> months = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(new Field("*", range(1, 12, 1, 1, 12)))),
                Tuple.of(1, field(1, 12, MONTHS)));
        Arbitrary<Days> days = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(new Days("*", "?", d -> true))),
                Tuple.of(2, field(1, 31, null).map(f -> new Days(f.text(), "?", d -> f.values().contains(d.getDayOfMonth())))),
                Tuple.of(2, field(1, 7, DAYS).filter(f -> !f.text().contains("/"))
                        .map(f -> new Days("?", f.text(), d -> f.values().contains(cronDow(d))))),
                Tuple.of(1, dayRules()));
        return Combinators.combine(minutes, hours, days, months).as(CronOracleTest::build);
    }

    @Provide
    Arbitrary<Case> dayRuleCases() {
        Arbitrary<Field> minutes = Arbitraries.integers().between(0, 59).list().ofMinSize(1).ofMaxSize(2)
                .map(xs -> new Field(String.join(",", xs.stream().map(String::valueOf).toList()), new TreeSet<>(xs)));
        Arbitrary<Field> hours = Arbitraries.integers().between(0, 23).list().ofMinSize(1).ofMaxSize(3)
                .map(xs -> new Field(String.join(",", xs.stream().map(String::valueOf).toList()), new TreeSet<>(xs)));
        Arbitrary<Field> months = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(new Field("*", range(1, 12, 1, 1, 12)))),
                Tuple.of(1, field(1, 12, MONTHS)));
        return Combinators.combine(minutes, hours, dayRules(), months).as(CronOracleTest::build);
    }

    /** The special forms: L, LW, nW in day-of-month; L, nL, n#k in day-of-week. */
    static Arbitrary<Days> dayRules() {
        Arbitrary<Integer> dom = Arbitraries.integers().between(1, 31);
        Arbitrary<Integer> dow = Arbitraries.integers().between(1, 7);
        Arbitrary<Days> last = Arbitraries.just(new Days("L", "?", d -> d.getDayOfMonth() == d.lengthOfMonth()));
        Arbitrary<Days> lastWeekday = Arbitraries.just(new Days("LW", "?", CronOracleTest::isLastWeekday));
        Arbitrary<Days> nearest = dom.map(n -> new Days(n + "W", "?", d -> isNearestWeekday(d, n)));
        Arbitrary<Days> saturday = Arbitraries.just(new Days("?", "L", d -> d.getDayOfWeek() == DayOfWeek.SATURDAY));
        Arbitrary<Days> lastOfMonth = dow.map(w -> new Days("?", (w % 2 == 0 ? DAYS[w - 1] : String.valueOf(w)) + "L",
                d -> cronDow(d) == w && d.plusWeeks(1).getMonth() != d.getMonth()));
        Arbitrary<Days> nth = Combinators.combine(dow, Arbitraries.integers().between(1, 5)).as((w, k) ->
                new Days("?", w + "#" + k, d -> cronDow(d) == w && (d.getDayOfMonth() - 1) / 7 + 1 == k));
        return Arbitraries.oneOf(last, lastWeekday, nearest, saturday, lastOfMonth, nth);
    }

    static Case build(Field mi, Field h, Days days, Field mo) {
        return new Case(mi.text() + " " + h.text() + " " + days.dom() + " " + mo.text() + " " + days.dow() + " *",
                t -> mi.values().contains(t.getMinute()) && h.values().contains(t.getHour())
                        && mo.values().contains(t.getMonthValue()) && days.matches().test(t.toLocalDate()));
    }

    static int cronDow(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : d.getDayOfWeek().getValue() + 1;
    }

    static boolean isWeekday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    static boolean isLastWeekday(LocalDate d) {
        if (!isWeekday(d)) {
            return false;
        }
        for (LocalDate x = d.plusDays(1); x.getMonth() == d.getMonth(); x = x.plusDays(1)) {
            if (isWeekday(x)) {
                return false;
            }
        }
        return true;
    }

    /** The weekday nearest day n of d's month, without leaving the month; no day when n is past its end. */
    static boolean isNearestWeekday(LocalDate d, int n) {
        if (n > d.lengthOfMonth() || !isWeekday(d)) {
            return false;
        }
        LocalDate target = d.withDayOfMonth(n);
        LocalDate best = null;
        for (int dist = 0; dist <= 2 && best == null; dist++) {
            for (int sign : new int[] {-1, 1}) {
                LocalDate x = target.plusDays((long) sign * dist);
                if (best == null && x.getMonth() == target.getMonth() && isWeekday(x)) {
                    best = x;
                }
            }
        }
        return d.equals(best);
    }

    @Provide
    Arbitrary<Window> transitionWindows() {
        return Combinators.combine(Arbitraries.of(ZONES), Arbitraries.integers().between(1972, 2060), Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 364)).as((z, year, pick, day) -> {
                    ZoneId zone = ZoneId.of(z);
                    Instant yearStart = LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
                    List<ZoneOffsetTransition> ts = new ArrayList<>();
                    for (ZoneOffsetTransition t = zone.getRules().nextTransition(yearStart);
                            t != null && t.getInstant().isBefore(yearStart.plus(Duration.ofDays(366))) && ts.size() < 8;
                            t = zone.getRules().nextTransition(t.getInstant())) {
                        ts.add(t);
                    }
                    Instant center = ts.isEmpty() ? yearStart.plus(Duration.ofDays(day)) : ts.get(pick % ts.size()).getInstant();
                    return new Window(zone, center.minus(Duration.ofHours(36)).plusSeconds(pick * 7L), center.plus(Duration.ofHours(36)));
                });
    }

    @Provide
    Arbitrary<Window> monthWindows() {
        return Combinators.combine(Arbitraries.of(ZONES), Arbitraries.integers().between(1972, 2060), Arbitraries.integers().between(1, 12))
                .as((z, year, month) -> new Window(ZoneId.of(z),
                        LocalDate.of(year, month, 1).minusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC),
                        LocalDate.of(year, month, 1).plusDays(62).atStartOfDay().toInstant(ZoneOffset.UTC)));
    }

    @Property(tries = 50)
    void theOracleItselfSeesTransitions(@ForAll("transitionWindows") Window w) {
        // Guard against an oracle that proves nothing: an every-minute schedule fires at most once per minute.
        Case every = new Case("* * * * ? *", t -> true);
        List<Instant> fires = oracle(every, w);
        assertThat(fires).doesNotHaveDuplicates().isSorted();
        Optional<Instant> first = fires.stream().findFirst();
        assertThat(first).isPresent();
    }
}
