package dev.dayshift.aws.testutils.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import dev.dayshift.aws.AwsClients;
import dev.dayshift.aws.testutils.Dynamo;
import dev.dayshift.aws.testutils.MotoServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SnapStart checks every Lambda module runs on its handlers, each in a fresh
 * {@link IsolatedLambda} on the module's test classpath (the hooks are called directly: no CRaC JDK
 * here). The module's test sets up what the handler calls (moto over HTTP) and names the event.
 */
public final class SnapStartChecks {

    /** The configuration the SnapStart tests and the coldstart benchmark give the handlers. */
    public static final Path CONFIG = Path.of("../aws/src/test/resources/snapstart/dayshift.yaml");

    private SnapStartChecks() {
    }

    /**
     * The function environment every handler's SnapStart test starts from, against {@code moto}: its
     * endpoint, {@link #CONFIG} and a state table {@code state} (created here). Mutable: a test adds what
     * its handler also reads.
     */
    public static Map<String, String> environment(MotoServer moto) {
        Dynamo.createStateTable(AwsClients.forEndpoint(DynamoDbClient.builder(), moto.endpoint()), "state");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("DAYSHIFT_CONFIG", CONFIG.toAbsolutePath().toString());
        env.put("DAYSHIFT_STATE_TABLE", "state");
        return env;
    }

    /** A state machine called {@code name} in {@code moto}, of one Pass state; its ARN. */
    public static String passStateMachine(MotoServer moto, String name) {
        return AwsClients.forEndpoint(SfnClient.builder(), moto.endpoint()).createStateMachine(b -> b
                .name(name).roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
    }

    /** An SNS topic in {@code moto}; its ARN. */
    public static String topic(MotoServer moto) {
        return AwsClients.forEndpoint(SnsClient.builder(), moto.endpoint()).createTopic(b -> b.name("n")).topicArn();
    }

    /** The module's event for {@code handlerSimpleName} (src/test/resources/snapstart/NAME.json), as invocation {@code n}. */
    public static String event(String handlerSimpleName, int n) throws java.io.IOException {
        String template = Files.readString(Path.of("src/test/resources/snapstart/" + handlerSimpleName + ".json"),
                StandardCharsets.UTF_8);
        return ColdStartDriver.event(template, n, Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.DAYS));
    }

    /**
     * After {@code beforeCheckpoint} (every priming step succeeding, AWS answered in memory) and
     * {@code afterRestore}, the first invocation, a real one against {@code env}'s endpoint, loads no
     * class of the SDK or Jackson; and the same invocation without priming does (so the count can fail).
     * The events are the module's {@code src/test/resources/snapstart/<handler>.json} as numbers 0 (unprimed)
     * and 1 (primed).
     *
     * @return the primed first invocation
     */
    public static IsolatedLambda.Step primedFirstInvocationLoadsNoSdkOrJacksonClass(String handler, Map<String, String> env)
            throws Exception {
        String simpleName = handler.substring(handler.lastIndexOf('.') + 1);
        List<String> unprimedLoads;
        try (IsolatedLambda cold = IsolatedLambda.load(IsolatedLambda.testClasspath(), handler, env)) {
            unprimedLoads = cold.invoke(event(simpleName, 0)).loaded(IsolatedLambda.SDK_OR_JACKSON);
        }
        assertThat(unprimedLoads).as("SDK and Jackson classes an unprimed first invocation loads").isNotEmpty();

        try (IsolatedLambda lambda = IsolatedLambda.load(IsolatedLambda.testClasspath(), handler, env)) {
            IsolatedLambda.Step prime = lambda.prime();
            assertThat(prime.output()).as("priming steps that failed").isEqualTo("[]");
            lambda.restore();
            // Event 1, not 0 again: a new event, as a restored copy's first one is, not a redelivery.
            IsolatedLambda.Step first = lambda.invoke(event(simpleName, 1));
            assertThat(first.loaded(IsolatedLambda.SDK_OR_JACKSON))
                    .as("SDK and Jackson classes the first invocation after priming loads (of %d unprimed)",
                            unprimedLoads.size())
                    .isEmpty();
            return first;
        }
    }

    /**
     * {@code afterRestore} gives this copy new randomness: the per-copy id (drawn with the seed) changes,
     * and the handler still answers afterwards.
     */
    public static void restoreRenewsThisCopysRandomness(String handler, Map<String, String> env) throws Exception {
        try (IsolatedLambda lambda = IsolatedLambda.load(IsolatedLambda.testClasspath(), handler, env)) {
            lambda.prime();
            Class<?> perCopy = lambda.loader().loadClass("dev.dayshift.aws.snapstart.PerCopy");
            Object before = perCopy.getMethod("id").invoke(null);
            lambda.restore();
            Object after = perCopy.getMethod("id").invoke(null);
            assertThat(after).as("this copy's id after afterRestore").isNotEqualTo(before);
        }
    }
}
