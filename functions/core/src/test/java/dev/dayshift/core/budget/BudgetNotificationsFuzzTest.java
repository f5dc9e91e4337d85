package dev.dayshift.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.testutils.EventSamples;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzed Budgets notifications: no input makes the parser throw, and every rejection says why. */
class BudgetNotificationsFuzzTest {

    static final String REAL = EventSamples.budget("dayshift-dev", "ACTUAL", "$400.00", "$400.00", "$412.37");

    @Property(tries = 500)
    void noMessageMakesTheParserThrowAndEveryRejectionHasAReason(
            @ForAll("messages") String message, @ForAll("subjects") Optional<String> subject) {
        Parsed<BudgetNotification> p = BudgetNotifications.parse(subject, message, Optional.empty());
        switch (p) {
            case Parsed.Rejected<BudgetNotification> r -> assertThat(r.reason()).isNotBlank();
            case Parsed.Ok<BudgetNotification> ok -> {
                assertThat(ok.value().budgetName()).isNotBlank();
                assertThat(ok.value().threshold().isPresent() || ok.value().amount().isPresent()).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> truncated = Arbitraries.integers().between(0, REAL.length()).map(i -> REAL.substring(0, i));
        Arbitrary<String> mutated = Arbitraries.integers().between(0, REAL.length() - 1)
                .flatMap(i -> Arbitraries.chars().map(c -> REAL.substring(0, i) + c + REAL.substring(i + 1)));
        Arbitrary<String> lineDropped = Arbitraries.integers().between(0, 16).map(i -> {
            String[] lines = REAL.split("\n", -1);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < lines.length; k++) {
                if (k != i) {
                    b.append(lines[k]).append('\n');
                }
            }
            return b.toString();
        });
        Arbitrary<String> valueSwapped = Arbitraries.of("Budget Name", "Alert Type", "Alert Threshold", "ACTUAL Amount",
                "Budgeted Amount", "Budget Type").flatMap(key -> Arbitraries.strings().ofMaxLength(40)
                .map(v -> REAL.replaceAll("(?m)^" + key + ": .*$", java.util.regex.Matcher.quoteReplacement(key + ": " + v))));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), truncated, mutated, lineDropped, valueSwapped,
                Arbitraries.of("", "AWS Budget Notification", "Budget Name:", "Budget Name: x\nAlert Type: ACTUAL\n"
                        + "Alert Threshold: > $" + "9".repeat(400)));
    }

    @Provide
    Arbitrary<Optional<String>> subjects() {
        return Arbitraries.oneOf(Arbitraries.just(Optional.empty()),
                Arbitraries.strings().ofMaxLength(80).map(s -> Optional.of("AWS Budgets: " + s + " has exceeded")),
                Arbitraries.strings().ofMaxLength(80).map(Optional::of));
    }
}
