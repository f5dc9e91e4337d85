package dev.dayshift.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleCommandTest {

    @Nested
    class Next {

        @Test
        void printsTheNextFiveFireTimesInUtc() {
            CliRun run = CliRun.of("schedule", "next", "cron(0 8 ? * MON-FRI *)", "--tz", "Europe/Berlin", "--from", "2026-03-06T12:00:00Z");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().lines()).containsExactly("2026-03-09T07:00:00Z", "2026-03-10T07:00:00Z", "2026-03-11T07:00:00Z",
                    "2026-03-12T07:00:00Z", "2026-03-13T07:00:00Z");
            assertThat(run.err()).isEmpty();
        }

        @Test
        void countAndAnOffsetInFrom() {
            CliRun run = CliRun.of("schedule", "next", "cron(0 12 * * ? *)", "--tz", "UTC", "--from", "2026-03-09T12:59:00+01:00", "--count", "2");
            assertThat(run.out().lines()).containsExactly("2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z");
        }

        @Test
        void fromIsExclusive() {
            CliRun run = CliRun.of("schedule", "next", "cron(0 12 * * ? *)", "--from", "2026-03-09T12:00:00Z", "--count", "1");
            assertThat(run.out().lines()).containsExactly("2026-03-10T12:00:00Z");
        }

        @Test
        void anAtInThePast_printsNothing() {
            CliRun run = CliRun.of("schedule", "next", "at(2026-03-09T08:00:00)", "--tz", "Europe/Berlin", "--from", "2026-04-01T00:00:00Z");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEmpty();
        }

        @Test
        void daylightSavingGapsAreSkipped() {
            CliRun run = CliRun.of("schedule", "next", "cron(30 2 * * ? *)", "--tz", "America/New_York", "--from", "2026-03-07T00:00:00Z", "--count", "2");
            assertThat(run.out().lines()).containsExactly("2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z");
        }

        @Test
        void rateCountsFromStart() {
            CliRun run = CliRun.of("schedule", "next", "rate(2 hours)", "--from", "2026-03-09T12:30:00Z", "--start", "2026-03-09T09:00:00Z",
                    "--count", "2");
            assertThat(run.out().lines()).containsExactly("2026-03-09T13:00:00Z", "2026-03-09T15:00:00Z");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "cron(0 25 * * ? *)|UTC|2026-03-09T00:00:00Z|dayshift: cron(0 25 * * ? *): hours field '25': 25 is outside 0-23",
            "cron(0 8 * * MON *)|UTC|2026-03-09T00:00:00Z|dayshift: cron(0 8 * * MON *): day-of-month '*' and day-of-week 'MON' cannot both be set",
            "cron(0 8 * * ? *)|Mars/Base|2026-03-09T00:00:00Z|dayshift: unknown time zone 'Mars/Base'",
            "cron(0 8 * * ? *)|UTC|2026-03-09T00:00:00|dayshift: --from '2026-03-09T00:00:00' has no Z or offset",
            "cron(0 8 * * ? *)|UTC|yesterday|dayshift: --from 'yesterday' is not an instant",
        })
        void badInput_exitsTwoWithTheReasonAndNoStackTrace(String expr, String zone, String from, String message) {
            CliRun run = CliRun.of("schedule", "next", expr, "--tz", zone, "--from", from);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).startsWith(message).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void aNegativeCount_isBadUsage() {
            CliRun run = CliRun.of("schedule", "next", "rate(5 minutes)", "--count", "-1");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--count must be 0 to 100000");
        }
    }

    @Nested
    class Explain {

        static final String CONFIG = """
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
                        from: 2026-03-13T18:00:00+01:00
                        until: 2026-03-13T20:00:00+01:00
                        reason: demo
                        setBy: alice
                    phases:
                      runtime: {tool: script, directory: .}
                """;

        @Test
        void printsIntervalsAndTheSaving(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("dayshift.yaml");
            Files.writeString(file, CONFIG);
            CliRun run = CliRun.of("schedule", "explain", "--env", "dev", "--config", file.toString(), "--from", "2026-03-09", "--days", "7");
            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out().lines()).first().isEqualTo("dev (Europe/Berlin): 2026-03-09 to 2026-03-16, 7 days");
            assertThat(run.out()).contains("down   2026-03-09T00:00:00+01:00  2026-03-09T08:00:00+01:00    8.0  scheduled down at 2026-03-06T18:00:00+01:00 by cron(0 18 ? * MON-FRI *)")
                    .contains("down   2026-03-11T00:00:00+01:00  2026-03-12T00:00:00+01:00   24.0  holiday 2026-03-11: Company day")
                    .contains("up     2026-03-13T18:00:00+01:00  2026-03-13T20:00:00+01:00    2.0  override keep-up until 2026-03-13T20:00:00+01:00 set by alice: demo");
            assertThat(run.out().lines()).last().isEqualTo("runtime 42.0 h of 168.0 h always-on: saving 126.0 h (75.0%)");
        }

        @Test
        void json_holdsTheSameFigures(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("dayshift.yaml");
            Files.writeString(file, CONFIG);
            CliRun run = CliRun.of("schedule", "explain", "--env", "dev", "--config", file.toString(), "--from", "2026-03-09", "--days", "7", "--json");
            assertThat(run.exitCode()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.get("environment").asText()).isEqualTo("dev");
            assertThat(json.get("runtimeHours").asDouble()).isEqualTo(42.0);
            assertThat(json.get("alwaysOnHours").asDouble()).isEqualTo(168.0);
            assertThat(json.get("savingPercent").asDouble()).isEqualTo(75.0);
            assertThat(json.get("intervals").get(0).get("state").asText()).isEqualTo("down");
            assertThat(json.get("intervals").get(0).get("cause").asText()).isEqualTo("schedule");
            assertThat(json.get("intervals").get(0).get("from").asText()).isEqualTo("2026-03-09T00:00:00+01:00");
        }

        @Test
        void anUnknownEnvironment_exitsTwo(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("dayshift.yaml");
            Files.writeString(file, CONFIG);
            CliRun run = CliRun.of("schedule", "explain", "--env", "prod", "--config", file.toString(), "--from", "2026-03-09");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("unknown environment 'prod'").contains("declared: dev");
        }

        @Test
        void aBadDate_exitsTwo(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("dayshift.yaml");
            Files.writeString(file, CONFIG);
            CliRun run = CliRun.of("schedule", "explain", "--env", "dev", "--config", file.toString(), "--from", "2026-02-30");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--from '2026-02-30' is not a date");
        }

        @Test
        void aMissingFile_exitsTwo(@TempDir Path dir) {
            CliRun run = CliRun.of("schedule", "explain", "--env", "dev", "--config", dir.resolve("nope.yaml").toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("configuration file not found");
        }
    }
}
