package dev.dayshift.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateMachineTest {
    private static List<AslProblem> problems(String json) {
        return StateMachine.validate(json.replace('\'', '"'));
    }

    @Test
    void aValidDefinition_hasNoProblems() {
        assertThat(problems("{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'},'B':{'Type':'Succeed'}}}"))
                .isEmpty();
    }

    @Test
    void everyProblemIsReportedTogether_eachWithItsPointer() {
        List<AslProblem> p = problems("{'StartAt':'A','States':{"
                + "'A':{'Type':'Pass','Next':'Nowhere'},"
                + "'B':{'Type':'Pass','Next':'A','End':true},"
                + "'C':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:f','End':true,"
                + "'Retry':[{'ErrorEquals':['States.ALL'],'BackoffRate':0.5}]}}}");
        assertThat(p).extracting(AslProblem::pointer).contains("/States/A/Next", "/States/B",
                "/States/C/Retry/0/BackoffRate", "/States/C");
        assertThat(p).extracting(AslProblem::message).anyMatch(m -> m.contains("'Nowhere', which does not exist"))
                .anyMatch(m -> m.contains("both 'Next' and 'End'"))
                .anyMatch(m -> m.contains("cannot be reached"));
    }

    @Test
    void parse_throwsWithEveryProblem() {
        assertThatThrownBy(() -> StateMachine.parse("{\"StartAt\":\"X\",\"States\":{}}"))
                .isInstanceOf(AslValidationException.class)
                .satisfies(e -> assertThat(((AslValidationException) e).problems()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    void notJson_isOneProblemAtTheRoot() {
        assertThat(problems("{")).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEmpty();
            assertThat(p.message()).contains("not valid JSON");
        });
    }

    @Nested
    class Fields {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "unknown field|{'StartAt':'A','States':{'A':{'Type':'Pass','End':true,'Foo':1}}}|/States/A/Foo",
            "bad InputPath|{'StartAt':'A','States':{'A':{'Type':'Pass','End':true,'InputPath':'$.a[?('}}}|/States/A/InputPath",
            "ResultPath with context|{'StartAt':'A','States':{'A':{'Type':'Pass','End':true,'ResultPath':'$$.x'}}}|/States/A/ResultPath",
            "bad intrinsic|{'StartAt':'A','States':{'A':{'Type':'Pass','End':true,'Parameters':{'x.$':'States.Nope(1)'}}}}|/States/A/Parameters/x.$",
            "bad JSONata|{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass','End':true,'Output':'{% $x + %}'}}}|/States/A/Output",
            "reserved variable|{'StartAt':'A','States':{'A':{'Type':'Pass','End':true,'Assign':{'states':1}}}}|/States/A/Assign/states",
            "States.ALL not last|{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:f','End':true,'Catch':[{'ErrorEquals':['States.ALL'],'Next':'A'},{'ErrorEquals':['X'],'Next':'A'}]}}}|/States/A/Catch/0/ErrorEquals",
            "no terminal state|{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'A'}}}|/States",
            "wait with two durations|{'StartAt':'A','States':{'A':{'Type':'Wait','Seconds':1,'SecondsPath':'$.s','End':true}}}|/States/A",
            "choice without rules|{'StartAt':'A','States':{'A':{'Type':'Choice','Choices':[]}}}|/States/A/Choices",
            "JSONPath field in JSONata state|{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass','End':true,'InputPath':'$'}}}|/States/A/InputPath",
            "duplicate names across branches|{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':[{'StartAt':'P','States':{'P':{'Type':'Succeed'}}}]}}}|/States/P/Branches/0/States/P",
            "transition out of a branch|{'StartAt':'P','States':{'P':{'Type':'Parallel','Next':'Z','Branches':[{'StartAt':'B','States':{'B':{'Type':'Pass','Next':'Z'}}}]},'Z':{'Type':'Succeed'}}}|/States/P/Branches/0/States/B/Next",
            "resource not an ARN|{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'my-function','End':true}}}|/States/A/Resource",
        })
        void problemIsFoundAt(String what, String def, String pointer) {
            assertThat(problems(def)).extracting(AslProblem::pointer).contains(pointer);
        }
    }
}
