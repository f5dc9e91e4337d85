package dev.dayshift.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    static final Path EXAMPLE = Path.of("../../docs/examples/dayshift.example.yaml");

    static DayshiftConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", Path.of("test.yaml"), Path.of("/tmp"));
    }

    static List<ConfigProblem> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    static final String MINIMAL = """
            environments:
              dev:
                phases:
                  runtime: {tool: terraform, directory: infra/runtime}
            """;

    @Nested
    class AValidFile {

        @Test
        void theDocumentedExampleLoadsWithEveryEnvironment() {
            DayshiftConfig cfg = ConfigLoader.load(EXAMPLE);
            assertThat(cfg.environments()).containsOnlyKeys("dev", "staging", "prod");
            Environment dev = cfg.requireEnvironment("dev");
            assertThat(dev.zone()).isEqualTo(ZoneId.of("America/New_York"));
            assertThat(dev.schedule().up()).contains("cron(0 8 ? * MON-FRI *)");
            assertThat(dev.holidays()).hasSize(8);
            assertThat(dev.budget().orElseThrow().alerts().get(1).actions())
                    .containsExactlyInAnyOrder(BudgetAction.NOTIFY, BudgetAction.STOP_RUNTIME, BudgetAction.BLOCK_STARTS);
            assertThat(dev.runtime().timeout()).isEqualTo(Duration.ofMinutes(45));
            assertThat(dev.runtime().healthChecks().get(0).attempts()).isEqualTo(20);
            assertThat(cfg.requireEnvironment("prod").isProtected()).isTrue();
            assertThat(cfg.images().variants()).extracting(ImageVariant::name)
                    .containsExactly("thumb", "medium", "large", "square");
            assertThat(cfg.images().maxFileBytes()).isEqualTo(50L * 1024 * 1024);
        }

        @Test
        void everyOptionalFieldGetsItsDefault() {
            Environment dev = parse(MINIMAL).requireEnvironment("dev");
            assertThat(dev.region()).isEqualTo("us-east-1");
            assertThat(dev.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(dev.isProtected()).isFalse();
            assertThat(dev.schedule().up()).isEmpty();
            assertThat(dev.base()).isEmpty();
            assertThat(dev.runtime().timeout()).isEqualTo(Duration.ofMinutes(60));
            assertThat(dev.lockWait()).isEqualTo(Duration.ofMinutes(10));
            assertThat(dev.approvalTimeout()).isEqualTo(Duration.ofHours(24));
            assertThat(dev.rollback().cooldown()).isEqualTo(Duration.ofMinutes(30));
            assertThat(parse(MINIMAL).images()).isEqualTo(ImagePipelineConfig.defaults());
        }

        @Test
        void aRollbackCooldownOfZeroTurnsItOffWhereOtherDurationsMustBePositive() {
            assertThat(parse("""
                    environments:
                      dev:
                        phases: {runtime: {tool: script, directory: /tmp}}
                        rollback: {cooldown: 0s}
                    """).requireEnvironment("dev").rollback().cooldown()).isZero();
            assertThatThrownBy(() -> parse("""
                    environments:
                      dev:
                        lockWait: 0s
                        phases: {runtime: {tool: script, directory: /tmp}}
                    """)).hasMessageContaining("is not a positive duration");
        }

        @Test
        void phaseDirectoriesResolveAgainstTheFilesDirectory() {
            DayshiftConfig cfg = ConfigLoader.parse(MINIMAL, "x.yaml", Path.of("x.yaml"), Path.of("/srv/project"));
            assertThat(cfg.requireEnvironment("dev").runtime().directory()).isEqualTo(Path.of("/srv/project/infra/runtime"));
        }

        @Test
        void defaultsApplyToEveryEnvironmentAndEnvironmentsCanOverrideThem() {
            DayshiftConfig cfg = parse("""
                    defaults: {region: eu-west-1, timezone: Europe/Berlin, tags: {Team: a}}
                    environments:
                      a:
                        phases: {runtime: {tool: cdk, directory: x}}
                      b:
                        region: us-west-2
                        tags: {Team: b}
                        phases: {runtime: {tool: cdk, directory: x}}
                    """);
            assertThat(cfg.requireEnvironment("a").region()).isEqualTo("eu-west-1");
            assertThat(cfg.requireEnvironment("a").zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
            assertThat(cfg.requireEnvironment("b").region()).isEqualTo("us-west-2");
            assertThat(cfg.requireEnvironment("b").tags()).containsEntry("Team", "b");
        }

        @Test
        void holidaysMergeSharedCalendarsWithTheEnvironmentsOwn() {
            Environment dev = parse("""
                    calendars:
                      shared:
                        - {month: 12, day: 25, observed: true, name: Christmas}
                        - {month: nov, weekday: thu, nth: 4, name: Thanksgiving}
                        - {month: 5, weekday: monday, nth: last}
                    environments:
                      dev:
                        calendars: [shared]
                        holidays: [{date: 2026-12-24, name: Eve}]
                        phases: {runtime: {tool: script, directory: /tmp}}
                    """).requireEnvironment("dev");
            assertThat(dev.holidays()).containsExactly(
                    new HolidayRule.FixedDate(MonthDay.of(12, 25), true, "Christmas"),
                    new HolidayRule.NthWeekday(Month.NOVEMBER, java.time.DayOfWeek.THURSDAY, 4, "Thanksgiving"),
                    new HolidayRule.LastWeekday(Month.MAY, java.time.DayOfWeek.MONDAY, ""),
                    new HolidayRule.ExplicitDate(java.time.LocalDate.of(2026, 12, 24), "Eve"));
        }

        @Test
        void overrideTimesWithoutAnOffsetAreReadInTheEnvironmentsZone() {
            Environment dev = parse("""
                    environments:
                      dev:
                        timezone: America/New_York
                        overrides:
                          - {mode: keep-down, until: "2026-12-01T18:00", reason: freeze}
                          - {mode: keep-up, from: 2026-12-02T10:00:00+01:00, until: 2026-12-03T00:00:00Z, reason: demo, setBy: bob}
                        phases: {runtime: {tool: cdk, directory: x}}
                    """).requireEnvironment("dev");
            assertThat(dev.overrides().get(0).until()).isEqualTo(Instant.parse("2026-12-01T23:00:00Z"));
            assertThat(dev.overrides().get(0).setBy()).isEqualTo("configuration");
            assertThat(dev.overrides().get(1).from()).contains(Instant.parse("2026-12-02T09:00:00Z"));
            assertThat(dev.overrides().get(1).mode()).isEqualTo(ScheduleOverride.Mode.KEEP_UP);
        }

        @Test
        void alarmsAndBudgetsAreFoundByName() {
            DayshiftConfig cfg = ConfigLoader.load(EXAMPLE);
            assertThat(cfg.rollbackTargetForAlarm("dev-api-latency")).hasValueSatisfying(b -> {
                assertThat(b.environment().name()).isEqualTo("dev");
                assertThat(b.target().name()).isEqualTo("api");
            });
            assertThat(cfg.rollbackTargetForAlarm("nobody-knows-me")).isEmpty();
            assertThat(cfg.environmentForBudget("dayshift-staging")).map(Environment::name).contains("staging");
            assertThat(cfg.requireEnvironment("dev").budget().orElseThrow().limit()).isEqualByComparingTo(BigDecimal.valueOf(400));
        }

        @Test
        void tagsAlwaysNameTheEnvironmentTheApplicationAndTheCostCenter() {
            Environment dev = ConfigLoader.load(EXAMPLE).requireEnvironment("dev");
            assertThat(dev.allTags()).containsEntry("Environment", "dev").containsEntry("Application", "dayshift")
                    .containsEntry("ManagedBy", "dayshift").containsEntry("CostCenter", "platform")
                    .containsEntry("Team", "platform");
        }
    }

    @Nested
    class AnInvalidFile {

        @Test
        void reportsAnUnknownFieldWithItsLineColumnAndASuggestion() {
            List<ConfigProblem> p = problems("""
                    environments:
                      dev:
                        regoin: us-east-1
                        phases: {runtime: {tool: cdk, directory: x}}
                    """);
            assertThat(p).singleElement().hasToString(
                    "test.yaml:3:5: environments.dev.regoin: unknown field 'regoin'; did you mean 'region'?");
        }

        @Test
        void reportsEveryProblemTogetherInFileOrder() {
            List<ConfigProblem> p = problems("""
                    environments:
                      dev:
                        region: mars-1
                        timezone: Mars/Olympus
                        phases:
                          base: {tool: pulumi, directory: x}
                    """);
            assertThat(p).extracting(ConfigProblem::line).containsExactly(3, 4, 5, 6);
            assertThat(p.get(0).message()).contains("'mars-1' is not an AWS region name");
            assertThat(p.get(1).message()).contains("unknown time zone 'Mars/Olympus'");
            assertThat(p.get(2).message()).contains("missing required field 'runtime'");
            assertThat(p.get(3).message()).contains("'pulumi' is not one of terraform, cdk, script");
        }

        @Test
        void refusesAProtectedEnvironmentWithAStopScheduleOrABudgetStop() {
            List<ConfigProblem> p = problems("""
                    environments:
                      prod:
                        protected: true
                        schedule:
                          up: cron(0 8 ? * MON-FRI *)
                          down: cron(0 19 ? * MON-FRI *)
                        phases: {runtime: {tool: cdk, directory: x}}
                        budget:
                          limit: 100
                          alerts: [{threshold: 100, actions: [stop-runtime]}]
                    """);
            assertThat(p).extracting(ConfigProblem::message).anySatisfy(m ->
                    assertThat(m).contains("schedule.down").contains("never stopped by a schedule"));
            assertThat(p).extracting(ConfigProblem::message).anySatisfy(m ->
                    assertThat(m).contains("budget.alerts[0]").contains("never stopped by a budget"));
        }

        @Test
        void refusesAnAlarmBoundToTwoTargets() {
            List<ConfigProblem> p = problems("""
                    environments:
                      a:
                        phases: {runtime: {tool: cdk, directory: x}}
                        rollback: {targets: [{name: t, type: infrastructure, alarms: [shared]}]}
                      b:
                        phases: {runtime: {tool: cdk, directory: x}}
                        rollback: {targets: [{name: t, type: infrastructure, alarms: [shared]}]}
                    """);
            assertThat(p).singleElement().extracting(ConfigProblem::message).asString()
                    .contains("alarm 'shared' is already bound to a/t");
        }

        @Test
        void reportsABadScheduleExpressionAtItsLine() {
            List<ConfigProblem> p = problems("""
                    environments:
                      dev:
                        schedule:
                          up: cron(0 8 * * MON-FRI *)
                          down: rate(0 hours)
                        phases: {runtime: {tool: cdk, directory: x}}
                    """);
            assertThat(p).hasSize(2);
            assertThat(p.get(0).line()).isEqualTo(4);
            assertThat(p.get(0).message()).startsWith("environments.dev.schedule.up: ");
            assertThat(p.get(1).line()).isEqualTo(5);
            assertThat(p.get(1).message()).startsWith("environments.dev.schedule.down: ");
        }

        @Test
        void reportsAScheduleTimeInADaylightSavingGapOfItsZone() {
            List<ConfigProblem> p = problems("""
                    environments:
                      dev:
                        timezone: America/New_York
                        schedule:
                          up: cron(30 2 ? * SUN *)
                        phases: {runtime: {tool: cdk, directory: x}}
                    """);
            assertThat(p).singleElement().satisfies(x -> {
                assertThat(x.line()).isEqualTo(5);
                assertThat(x.message()).contains("02:30").contains("does not exist in America/New_York")
                        .contains("daylight-saving gap");
            });
        }

        @Test
        void acceptsTheSameScheduleInAZoneWithoutDaylightSaving() {
            parse("""
                    environments:
                      dev:
                        timezone: Asia/Tokyo
                        schedule:
                          up: cron(30 2 ? * SUN *)
                        phases: {runtime: {tool: cdk, directory: x}}
                    """);
        }

        @Test
        void reportsYamlSyntaxErrorsWithTheirLocation() {
            List<ConfigProblem> p = problems("environments:\n  dev: {up: cron(0 8 ? * MON-FRI *)}\n");
            assertThat(p).singleElement().satisfies(x -> {
                assertThat(x.line()).isEqualTo(2);
                assertThat(x.message()).startsWith("invalid YAML").contains("expected ',' or '}'");
            });
        }

        @Test
        void reportsDuplicateKeys() {
            List<ConfigProblem> p = problems("""
                    environments:
                      dev:
                        phases: {runtime: {tool: cdk, directory: x}}
                      dev:
                        phases: {runtime: {tool: cdk, directory: x}}
                    """);
            assertThat(p).singleElement().hasToString("test.yaml:4:3: duplicate key 'dev' (first at line 2)");
        }

        @Test
        void namesAMissingFileWithoutAStackTrace(@TempDir Path dir) {
            assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("configuration file not found")
                    .extracting(e -> ((ConfigException) e).kind().exitCode()).isEqualTo(2);
        }

        @Test
        void refusesAScriptPhaseWhoseDirectoryDoesNotExist(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("d.yaml");
            Files.writeString(file, "environments:\n  dev:\n    phases: {runtime: {tool: script, directory: missing}}\n");
            assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                    assertThat(e.problems()).singleElement().extracting(ConfigProblem::message).asString()
                            .contains("does not exist"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                an empty file                 | ""                                                                                 | the file is empty
                a list at the top             | "- a"                                                                              | expected a mapping of fields
                no environments               | "version: 1"                                                                       | missing required field 'environments'
                a bad version                 | "version: 2\nenvironments: {}"                                                    | must be between 1 and 1
                a bad environment name        | "environments:\n  Dev_1: {phases: {runtime: {tool: cdk, directory: x}}}"           | environment name 'Dev_1'
                no phases                     | "environments:\n  dev: {region: us-east-1}"                                         | missing required field 'phases'
                a bad account                 | "environments:\n  dev: {account: 12, phases: {runtime: {tool: cdk, directory: x}}}" | is not an AWS account id
                a bad duration                | "environments:\n  dev: {lockWait: soon, phases: {runtime: {tool: cdk, directory: x}}}" | is not a positive duration
                an override without reason    | "environments:\n  dev: {overrides: [{mode: keep-up, until: 2026-01-01}], phases: {runtime: {tool: cdk, directory: x}}}" | missing required field 'reason'
                an override ending too early  | "environments:\n  dev: {overrides: [{mode: keep-up, from: 2026-02-01, until: 2026-01-01, reason: r}], phases: {runtime: {tool: cdk, directory: x}}}" | must be after 'from'
                a bad holiday                 | "environments:\n  dev: {holidays: [{month: 2, day: 30}], phases: {runtime: {tool: cdk, directory: x}}}" | February has no day 30
                an unknown calendar           | "environments:\n  dev: {calendars: [nope], phases: {runtime: {tool: cdk, directory: x}}}" | unknown calendar 'nope'
                a non-http health check       | "environments:\n  dev: {phases: {runtime: {tool: cdk, directory: x, healthChecks: [{url: ftp://x}]}}}" | is not an http(s) URL
                a health check on the base    | "environments:\n  dev: {phases: {base: {tool: cdk, directory: x, healthChecks: [{url: http://x}]}, runtime: {tool: cdk, directory: x}}}" | health checks belong to the runtime phase
                a budget without a limit      | "environments:\n  dev: {budget: {alerts: []}, phases: {runtime: {tool: cdk, directory: x}}}" | missing required field 'limit'
                an unknown budget action      | "environments:\n  dev: {budget: {limit: 5, alerts: [{threshold: 5, actions: [panic]}]}, phases: {runtime: {tool: cdk, directory: x}}}" | 'panic' is not one of notify, stop-runtime, block-starts
                an ECS target without service | "environments:\n  dev: {rollback: {targets: [{name: a, type: ecs-service, cluster: c, alarms: [x]}]}, phases: {runtime: {tool: cdk, directory: x}}}" | missing required field 'service'
                a variant without bounds      | "images: {variants: [{name: a, format: png}]}\nenvironments:\n  dev: {phases: {runtime: {tool: cdk, directory: x}}}" | needs 'width', 'height' or both
                a cover variant with one side | "images: {variants: [{name: a, width: 5, fit: cover, format: png}]}\nenvironments:\n  dev: {phases: {runtime: {tool: cdk, directory: x}}}" | fit: cover needs both
                a bad quality                 | "images: {variants: [{name: a, width: 5, format: jpeg, quality: 0}]}\nenvironments:\n  dev: {phases: {runtime: {tool: cdk, directory: x}}}" | must be between 1 and 100
                """)
        void reportsALocatedProblemFor(String what, String yaml, String expected) {
            String text = yaml.replace("\\n", "\n");
            assertThat(problems(text)).extracting(ConfigProblem::message)
                    .anySatisfy(m -> assertThat(m).contains(expected));
            assertThat(problems(text)).allSatisfy(p -> assertThat(p.line()).isPositive());
        }
    }
}
