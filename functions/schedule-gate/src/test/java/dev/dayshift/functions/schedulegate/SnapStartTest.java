package dev.dayshift.functions.schedulegate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.aws.testutils.MotoServer;
import dev.dayshift.aws.testutils.snapstart.IsolatedLambda;
import dev.dayshift.aws.testutils.snapstart.SnapStartChecks;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The schedule gate's SnapStart hooks, on a fresh class loader, against moto over HTTP. */
@ExtendWith(MotoServer.class)
class SnapStartTest {

    static final String HANDLER = ScheduleGateHandler.class.getName();
    Map<String, String> env;

    @BeforeEach
    void setUp(MotoServer moto) {
        env = SnapStartChecks.environment(moto);
        env.put("DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", SnapStartChecks.passStateMachine(moto, "dayshift-bench-lifecycle"));
    }

    @Test
    void afterPrimingTheFirstInvocationLoadsNoSdkOrJacksonClass() throws Exception {
        IsolatedLambda.Step first = SnapStartChecks.primedFirstInvocationLoadsNoSdkOrJacksonClass(HANDLER, env);
        assertThat(first.output()).contains("\"verdict\":\"started\"");
    }

    @Test
    void afterRestoreThisCopyHasItsOwnRandomness() throws Exception {
        SnapStartChecks.restoreRenewsThisCopysRandomness(HANDLER, env);
    }
}
