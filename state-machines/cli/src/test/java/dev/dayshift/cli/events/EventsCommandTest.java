package dev.dayshift.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.cli.Dayshift;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsCommandTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path EVENTS = ROOT.resolve("docs/events");
    static final String EXAMPLE = ROOT.resolve("docs/examples/dayshift.example.yaml").toString();
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, List<JsonNode> lines, String err) {
        JsonNode only() {
            assertThat(lines).hasSize(1);
            return lines.get(0);
        }

        /** file name (with #n for several events in one file) to "environment:action". */
        Map<String, String> actions() {
            Map<String, String> m = new LinkedHashMap<>();
            for (JsonNode l : lines) {
                String event = l.path("event").asText();
                m.put(event.substring(event.lastIndexOf('/') + 1),
                        (l.path("environment").isNull() ? "-" : l.path("environment").asText()) + ":" + l.path("action").asText());
            }
            return m;
        }
    }

    static Run replay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("events", "replay"));
        all.addAll(List.of(args));
        int exit = Dayshift.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString().lines().toList()) {
            try {
                lines.add(JSON.readTree(l));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }
        return new Run(exit, lines, err.toString());
    }

    static String[] withConfig(List<Path> files) {
        List<String> a = new ArrayList<>(files.stream().map(Path::toString).toList());
        a.add("--config");
        a.add(EXAMPLE);
        return a.toArray(String[]::new);
    }

    @Nested
    class TheSampleEvents {

        @Test
        void everySampleGetsTheDocumentedActionInOneReplay() throws IOException {
            List<Path> files;
            try (Stream<Path> s = Files.list(EVENTS)) {
                files = s.filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList();
            }
            Run r = replay(withConfig(files));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.lines()).allSatisfy(l -> {
                assertThat(l.fieldNames()).toIterable().containsSubsequence("source", "environment", "action", "reason",
                        "execution");
                assertThat(l.path("reason").asText()).isNotBlank();
            });
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("budgets-actual-dev.json", "dev:stop-runtime");
            expected.put("budgets-actual-staging.json", "staging:block-starts");
            expected.put("budgets-forecasted-dev.json", "dev:notify");
            expected.put("budgets-forecasted-prod.json", "prod:notify");
            expected.put("budgets-unknown-budget.json", "-:ignored");
            expected.put("cloudwatch-alarm-composite-alarm.json", "prod:start-rollback");
            expected.put("cloudwatch-alarm-eventbridge.json", "dev:start-rollback");
            expected.put("cloudwatch-alarm-metric-alarm.json", "dev:start-rollback");
            expected.put("cloudwatch-alarm-metric-insufficient-data.json", "dev:ignored");
            expected.put("cloudwatch-alarm-metric-ok.json", "dev:ignored");
            expected.put("cloudwatch-alarm-sns-http-envelope.json", "prod:start-rollback");
            expected.put("cloudwatch-alarm-unknown.json", "-:ignored");
            expected.put("malformed-alarm-bad-state.json", "-:rejected");
            expected.put("malformed-alarm-missing-time.json", "-:rejected");
            expected.put("malformed-budget-garbled.json", "-:rejected");
            expected.put("malformed-empty.json", "-:rejected");
            expected.put("malformed-not-json.txt", "-:rejected");
            expected.put("malformed-sns-message-neither-alarm-nor-budget.json", "-:rejected");
            expected.put("malformed-unknown-shape.json", "-:rejected");
            expected.put("mixed-redeliveries.jsonl#1", "dev:start-rollback");
            expected.put("mixed-redeliveries.jsonl#2", "dev:ignored");
            expected.put("mixed-redeliveries.jsonl#3", "-:rejected");
            expected.put("mixed-redeliveries.jsonl#4", "dev:ignored");
            expected.put("mixed-redeliveries.jsonl#5", "dev:ignored");
            assertThat(r.actions()).containsExactlyEntriesOf(expected);
        }

        @Test
        void theReadmeListsEveryFileWithTheActionTheReplayGives() throws IOException {
            String readme = Files.readString(EVENTS.resolve("README.md"));
            try (Stream<Path> s = Files.list(EVENTS)) {
                s.filter(p -> !p.getFileName().toString().endsWith(".md"))
                        .forEach(p -> assertThat(readme).contains("`" + p.getFileName() + "`"));
            }
        }

        @Test
        void eachAlarmEpisodeAndBudgetPeriodActsOnceAcrossFiles() {
            Run r = replay(withConfig(List.of(EVENTS.resolve("cloudwatch-alarm-metric-alarm.json"),
                    EVENTS.resolve("cloudwatch-alarm-metric-alarm.json"), EVENTS.resolve("budgets-actual-dev.json"),
                    EVENTS.resolve("budgets-actual-dev.json"))));
            assertThat(r.lines()).extracting(l -> l.path("action").asText())
                    .containsExactly("start-rollback", "ignored", "stop-runtime", "ignored");
            assertThat(r.lines().get(1).path("execution").asText()).isEqualTo(r.lines().get(0).path("execution").asText());
            assertThat(r.lines().get(3).path("execution").asText()).isEqualTo("budget-down-dev-2026-03-01");
        }

        @Test
        void aReplayIsTheSameEveryTime() {
            List<Path> files = List.of(EVENTS.resolve("cloudwatch-alarm-metric-alarm.json"), EVENTS.resolve("budgets-actual-dev.json"));
            assertThat(replay(withConfig(files)).lines()).isEqualTo(replay(withConfig(files)).lines());
        }

        @Test
        void withTheCurrentClockABlockLastsUntilTheEndOfThisMonth() {
            JsonNode out = replay(EVENTS.resolve("budgets-actual-dev.json").toString(), "--config", EXAMPLE,
                    "--clock", "now").only();
            java.time.LocalDate next = java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
            assertThat(out.path("reason").asText()).contains("blocked until " + next + "T00:00:00Z");
        }

        @Test
        void withAStateDirectoryALaterReplaySeesWhatAnEarlierOneDid(@TempDir Path dir) {
            List<Path> files = List.of(EVENTS.resolve("budgets-actual-dev.json"));
            String[] args = Stream.concat(Stream.of(withConfig(files)), Stream.of("--state", dir.toString())).toArray(String[]::new);
            assertThat(replay(args).only().path("action").asText()).isEqualTo("stop-runtime");
            assertThat(replay(args).only().path("action").asText()).isEqualTo("ignored");
        }
    }

    @Nested
    class OtherSourcesAndShapes {

        @Test
        void aScheduleEventGoesToTheScheduleGate(@TempDir Path dir) throws IOException {
            Path up = Files.writeString(dir.resolve("up.json"),
                    "{\"environment\":\"dev\",\"desired\":\"up\",\"scheduledAt\":\"2026-03-10T12:00:00Z\"}");
            Path downProd = Files.writeString(dir.resolve("down.json"),
                    "{\"environment\":\"prod\",\"desired\":\"down\",\"scheduledAt\":\"2026-03-10T23:00:00Z\"}");
            Path unknown = Files.writeString(dir.resolve("nope.json"), "{\"environment\":\"nope\",\"desired\":\"up\"}");
            Run r = replay(withConfig(List.of(up, downProd, unknown)));
            assertThat(r.exit()).isZero();
            assertThat(r.lines().get(0).path("source").asText()).isEqualTo("aws.scheduler");
            assertThat(r.lines().get(0).path("action").asText()).isEqualTo("start-lifecycle");
            assertThat(r.lines().get(0).path("execution").asText()).startsWith("sched-dev-up-");
            assertThat(r.lines().get(1).path("action").asText()).isEqualTo("ignored");
            assertThat(r.lines().get(1).path("reason").asText()).contains("protected");
            assertThat(r.lines().get(2).path("action").asText()).isEqualTo("rejected");
        }

        @Test
        void aBudgetAfterAStopBlocksTheScheduledStartThatFollows(@TempDir Path dir) throws IOException {
            Path up = Files.writeString(dir.resolve("up.json"),
                    "{\"environment\":\"dev\",\"desired\":\"up\",\"scheduledAt\":\"2026-03-23T12:00:00Z\"}");
            Run r = replay(withConfig(List.of(EVENTS.resolve("budgets-actual-dev.json"), up)));
            assertThat(r.lines().get(1).path("action").asText()).isEqualTo("ignored");
            assertThat(r.lines().get(1).path("reason").asText()).containsIgnoringCase("budget");
        }

        @Test
        void anS3EventWhoseObjectIsNotHereIsRejectedNamingWhereItWasLookedFor(@TempDir Path dir) throws IOException {
            Path s3 = Files.writeString(dir.resolve("s3.json"), """
                    {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                      "eventTime":"2026-03-09T10:00:00.000Z","eventName":"ObjectCreated:Put",
                      "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"uploads","arn":"arn:aws:s3:::uploads"},
                      "object":{"key":"photos/cat+1.jpg","size":1024,"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901"}}}]}""");
            JsonNode out = replay(withConfig(List.of(s3))).only();
            assertThat(out.path("source").asText()).isEqualTo("aws.s3");
            assertThat(out.path("action").asText()).isEqualTo("rejected");
            assertThat(out.path("reason").asText()).contains("s3://uploads/photos/cat 1.jpg is not available locally");
        }

        @Test
        void anSqsEventWithAnS3TestEventIsIgnored(@TempDir Path dir) throws IOException {
            Path sqs = Files.writeString(dir.resolve("sqs.json"), """
                    {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
                      "body":"{\\"Service\\":\\"Amazon S3\\",\\"Event\\":\\"s3:TestEvent\\",\\"Time\\":\\"2026-03-09T10:00:00.000Z\\",\\"Bucket\\":\\"uploads\\"}",
                      "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1773050400000","SenderId":"AIDAIENQZJOLO23YVJ4VO",
                      "ApproximateFirstReceiveTimestamp":"1773050400010"},"messageAttributes":{},"md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3",
                      "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:111111111111:dayshift-uploads","awsRegion":"us-east-1"}]}""");
            JsonNode out = replay(withConfig(List.of(sqs))).only();
            assertThat(out.path("source").asText()).isEqualTo("aws.sqs");
            assertThat(out.path("action").asText()).isEqualTo("ignored");
        }

        @Test
        void aBareBudgetsTextFileIsReadAsTheNotification(@TempDir Path dir) throws IOException {
            Path text = Files.writeString(dir.resolve("budget.txt"), dev.dayshift.core.testutils.EventSamples.budget(
                    "dayshift-staging", "ACTUAL", "$900.00", "$810.00", "$901.00"));
            assertThat(replay(withConfig(List.of(text))).only().path("action").asText()).isEqualTo("block-starts");
        }

        @Test
        void binaryGarbageIsRejectedNotFatal(@TempDir Path dir) throws IOException {
            Path bin = dir.resolve("garbage.bin");
            Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, 0x28});
            Run r = replay(withConfig(List.of(bin)));
            assertThat(r.exit()).isZero();
            assertThat(r.only().path("action").asText()).isEqualTo("rejected");
            assertThat(r.only().path("reason").asText()).contains("not UTF-8");
        }
    }

    @Nested
    class BadUsage {

        @Test
        void aMissingFileIsBadUsageAndNothingIsReplayed(@TempDir Path dir) {
            Run r = replay(withConfig(List.of(EVENTS.resolve("budgets-actual-dev.json"), dir.resolve("missing.json"))));
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.lines()).isEmpty();
            assertThat(r.err()).contains("event file not found").contains("missing.json");
        }

        @Test
        void noFileIsBadUsage() {
            Run r = replay("--config", EXAMPLE);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("FILE");
        }

        @Test
        void anInvalidConfigurationIsBadInputWithItsProblems(@TempDir Path dir) throws IOException {
            Path cfg = Files.writeString(dir.resolve("bad.yaml"), "environments:\n  dev:\n    regoin: x\n");
            Run r = replay(EVENTS.resolve("budgets-actual-dev.json").toString(), "--config", cfg.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("bad.yaml:3");
        }
    }

    @Test
    void randomBytesNeverCrashTheReplay(@TempDir Path dir) throws IOException {
        java.util.Random random = new java.util.Random(7);
        byte[] sample = Files.readAllBytes(EVENTS.resolve("cloudwatch-alarm-metric-alarm.json"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] b = sample.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                b[random.nextInt(b.length)] = (byte) (32 + random.nextInt(95));
            }
            files.add(Files.write(dir.resolve("mutant-" + i + ".json"), i % 2 == 0 ? b
                    : new String(b, StandardCharsets.UTF_8).substring(0, random.nextInt(b.length)).getBytes(StandardCharsets.UTF_8)));
        }
        Run r = replay(withConfig(files));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).hasSizeGreaterThanOrEqualTo(40).allSatisfy(l -> assertThat(l.path("action").asText())
                .isIn("start-rollback", "ignored", "rejected"));
    }
}
