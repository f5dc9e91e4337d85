package dev.dayshift.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.PhaseName;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleRequestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static LifecycleRequest parse(String json) throws Exception {
        return LifecycleRequest.parse(JSON.readTree(json));
    }

    static final DayshiftConfig CONFIG = ConfigLoader.parse("""
            version: 1
            environments:
              dev:
                phases:
                  base: {tool: terraform, directory: base}
                  runtime: {tool: terraform, directory: runtime}
              prod:
                protected: true
                phases:
                  base: {tool: terraform, directory: base}
                  runtime: {tool: terraform, directory: runtime}
              lab:
                phases:
                  runtime: {tool: cdk, directory: cdk}
            """, "dayshift.yaml", Path.of("dayshift.yaml"), Path.of("/tmp"));

    @Nested
    class Parsing {
        @Test
        void aMinimalInputDefaultsToTheRuntimeAndAManualTrigger() throws Exception {
            LifecycleRequest r = parse("{\"environment\":\"dev\",\"action\":\"up\"}");
            assertThat(r.phase()).isEqualTo(PhaseName.RUNTIME);
            assertThat(r.trigger()).isEqualTo(Trigger.MANUAL);
            assertThat(r.requestedBy()).isEqualTo("unknown");
            assertThat(LifecycleRequest.parse(r.toJson())).isEqualTo(r);
        }

        @Test
        void everyProblemIsReportedAtOnceWithItsPointer() {
            assertThatThrownBy(() -> parse("{\"environment\":\"Dev!\",\"action\":\"launch\",\"phase\":3,\"color\":\"red\"}"))
                    .isInstanceOfSatisfying(LifecycleRefusal.class, e -> {
                        assertThat(e.errorName()).isEqualTo(LifecycleErrors.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("/environment", "/action: 'launch' is not one of plan, apply",
                                "/phase: must be a string, was number", "/color: unknown field");
                    });
        }

        @Test
        void missingRequiredFieldsAreNamed() {
            assertThatThrownBy(() -> parse("{}")).hasMessageContaining("/environment: missing")
                    .hasMessageContaining("/action: missing");
        }

        @Test
        void nonObjectInputIsRefused() {
            assertThatThrownBy(() -> parse("[1]")).isInstanceOf(LifecycleRefusal.class).hasMessageContaining("was array");
        }

        @Test
        void upAndDownOnTheBaseAreRefused() {
            assertThatThrownBy(() -> parse("{\"environment\":\"dev\",\"action\":\"down\",\"phase\":\"base\"}"))
                    .hasMessageContaining("acts on the runtime");
        }
    }

    @Nested
    class Policy {
        @Test
        void anUnknownEnvironmentIsNamedWithTheDeclaredOnes() {
            assertThatThrownBy(() -> LifecyclePolicy.check(parse("{\"environment\":\"qa\",\"action\":\"up\"}"), CONFIG))
                    .isInstanceOfSatisfying(LifecycleRefusal.class, e -> {
                        assertThat(e.errorName()).isEqualTo(LifecycleErrors.UNKNOWN_ENVIRONMENT);
                        assertThat(e.getMessage()).contains("'qa'", "dev, prod, lab");
                    });
        }

        @Test
        void aMissingBasePhaseIsRefused() {
            assertThatThrownBy(() -> LifecyclePolicy.check(
                    parse("{\"environment\":\"lab\",\"action\":\"apply\",\"phase\":\"base\"}"), CONFIG))
                    .hasMessageContaining("has no base phase");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "schedule destroys a base, dev, base, destroy, schedule",
            "budget applies a base, dev, base, apply, budget",
            "schedule stops a protected runtime, prod, runtime, down, schedule",
            "budget stops a protected runtime, prod, runtime, destroy, budget",
            "a person destroys a protected base, prod, base, destroy, manual",
        })
        void protectionRefuses(String what, String env, String phase, String action, String trigger) {
            String input = "{\"environment\":\"" + env + "\",\"phase\":\"" + phase + "\",\"action\":\"" + action
                    + "\",\"trigger\":\"" + trigger + "\"}";
            assertThatThrownBy(() -> LifecyclePolicy.check(parse(input), CONFIG))
                    .isInstanceOfSatisfying(LifecycleRefusal.class,
                            e -> assertThat(e.errorName()).isEqualTo(LifecycleErrors.PROTECTED));
        }

        @Test
        void aPersonMayStopAProtectedRuntimeWithAnApproval() throws Exception {
            LifecycleRequest r = parse("{\"environment\":\"prod\",\"action\":\"down\",\"trigger\":\"manual\"}");
            LifecyclePolicy.Target t = LifecyclePolicy.check(r, CONFIG);
            assertThat(LifecyclePolicy.needsApproval(r, t.environment())).isTrue();
            assertThat(LifecyclePolicy.needsApproval(parse("{\"environment\":\"prod\",\"action\":\"plan\"}"), t.environment()))
                    .isFalse();
        }

        @Test
        void aScheduleMayStartAProtectedRuntime() throws Exception {
            LifecycleRequest r = parse("{\"environment\":\"prod\",\"action\":\"up\",\"trigger\":\"schedule\"}");
            assertThat(LifecyclePolicy.check(r, CONFIG).phase().name()).isEqualTo(PhaseName.RUNTIME);
        }
    }
}
