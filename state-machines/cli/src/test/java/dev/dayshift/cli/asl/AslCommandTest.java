package dev.dayshift.cli.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AslCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text.replace('\'', '"'));
        return p;
    }

    @Nested
    class Validate {
        @Test
        void aValidDefinition_exitsZero() throws IOException {
            Path f = write("ok.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Succeed'}}}");
            CliRun run = CliRun.of("asl", "validate", f.toString());
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("valid");
        }

        @Test
        void anInvalidDefinition_printsEveryProblemWithItsPointer_andExitsTwo() throws IOException {
            Path f = write("bad.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B','End':true}}}");
            CliRun run = CliRun.of("asl", "validate", f.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("/States/A/Next: Next names the state 'B', which does not exist")
                    .contains("/States/A: A state cannot have both 'Next' and 'End'");
        }

        @Test
        void aMissingFile_isBadInput_withoutAStackTrace() {
            CliRun run = CliRun.of("asl", "validate", dir.resolve("nope.json").toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("not found").doesNotContain("Exception");
        }
    }

    @Nested
    class Run {
        @Test
        void printsTheOutput_andExitsZero() throws IOException {
            Path f = dir.resolve("m.asl.json");
            Files.writeString(f, "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Parameters\":"
                    + "{\"greeting.$\":\"States.Format('hello {}', $.who)\"},\"End\":true}}}");
            CliRun run = CliRun.of("asl", "run", f.toString(), "--input", "{\"who\":\"dev\"}", "-q");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out().strip()).isEqualTo("{\"greeting\":\"hello dev\"}");
        }

        @Test
        void inputFromAFile_withAnAtSign() throws IOException {
            Path f = write("m.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','OutputPath':'$.request',"
                    + "'End':true}}}");
            Path in = write("in.json", "{'request': {'environment': 'dev', 'action': 'up'}}");
            CliRun run = CliRun.of("asl", "run", f.toString(), "--input", "@" + in, "-q");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out().strip()).isEqualTo("{\"environment\":\"dev\",\"action\":\"up\"}");
        }

        @Test
        void aFailedExecution_printsErrorAndCause_andExitsOne() throws IOException {
            Path f = write("m.asl.json", "{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'Nope','Cause':'why'}}}");
            CliRun run = CliRun.of("asl", "run", f.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("FAILED: Nope: why").contains("-> F");
        }

        @Test
        void mockedTasks_andHistory() throws IOException {
            Path f = write("Lifecycle.asl.json", "{'StartAt':'Apply','States':{'Apply':{'Type':'Task',"
                    + "'Resource':'arn:aws:states:::codebuild:startBuild.sync','End':true}}}");
            Path mock = write("mock.json", "{'StateMachines':{'Lifecycle':{'TestCases':{'Happy':{'Apply':'Ok'}}}},"
                    + "'MockedResponses':{'Ok':{'0':{'Return':{'Build':{'BuildStatus':'SUCCEEDED'}}}}}}");
            CliRun run = CliRun.of("asl", "run", f.toString(), "--mock", mock.toString(), "--test-case", "Happy",
                    "--history", "-q");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("\"type\":\"TaskSucceeded\"")
                    .endsWith("{\"Build\":{\"BuildStatus\":\"SUCCEEDED\"}}" + System.lineSeparator());
        }

        @Test
        void anUnknownTestCase_isBadInput() throws IOException {
            Path f = write("Lifecycle.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Succeed'}}}");
            Path mock = write("mock.json", "{'StateMachines':{'Lifecycle':{'TestCases':{'Happy':{}}}},"
                    + "'MockedResponses':{}}");
            CliRun run = CliRun.of("asl", "run", f.toString(), "--mock", mock.toString(), "--test-case", "Sad");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("no test case 'Sad'");
        }

        @Test
        void inputThatIsNotJson_isBadInput() throws IOException {
            Path f = write("m.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Succeed'}}}");
            CliRun run = CliRun.of("asl", "run", f.toString(), "--input", "{oops");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("not valid JSON");
        }
    }

    @Test
    void conformance_printsRatesByFeature_thenTheTotalsLine() throws IOException {
        Path cases = write("cases.jsonl", "{'id':'a','features':['Pass'],'definition':{'StartAt':'P','States':{'P':"
                + "{'Type':'Pass','Result':1,'End':true}}},'input':{},'expected':{'status':'SUCCEEDED','output':1},"
                + "'states_visited':['P']}\n"
                + "{'id':'b','features':['Fail'],'definition':{'StartAt':'F','States':{'F':{'Type':'Fail',"
                + "'Error':'E'}}},'input':{},'expected':{'status':'FAILED','error':'X','cause':null},"
                + "'states_visited':['F']}\n");
        CliRun run = CliRun.of("asl", "conformance", cases.toString(), "--min-rate", "50");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Pass").contains("Fail");
        assertThat(run.out().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("1 passed, 1 failed");
    }
}
