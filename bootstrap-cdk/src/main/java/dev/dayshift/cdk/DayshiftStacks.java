package dev.dayshift.cdk;

import dev.dayshift.cdk.internal.LambdaArtifacts;
import dev.dayshift.cdk.internal.Names;
import dev.dayshift.core.DayshiftException.Kind;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.Phase;
import dev.dayshift.core.config.Tool;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;

/**
 * Adds Dayshift's stacks to a CDK app: for each configured environment, in its own account and
 * region, a state backend, an orchestrator and an image pipeline, all tagged with the environment's
 * tags, with cdk-nag's AwsSolutions checks applied to the whole app.
 */
public final class DayshiftStacks {

    /** The tag put on everything when the configuration names no cost center. */
    public static final String UNASSIGNED_COST_CENTER = "unassigned";

    /** One environment's stacks. */
    public record EnvironmentStacks(Environment environment, StateBackendStack state, OrchestratorStack orchestrator,
            ImagePipelineStack images) {
    }

    /**
     * CDK feature flags the stacks rely on, set here so that the app synthesizes the same with or
     * without cdk.json (a flag given as context wins).
     */
    public static final Map<String, Object> FEATURE_FLAGS = Map.of(
            "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true,
            "@aws-cdk/aws-s3:createDefaultLoggingPolicy", true,
            "@aws-cdk/aws-iam:minimizePolicies", true,
            "@aws-cdk/aws-lambda:recognizeLayerVersion", true,
            "@aws-cdk/aws-lambda:recognizeVersionProps", true,
            "@aws-cdk/aws-iam:standardizedServicePrincipals", true,
            "@aws-cdk/core:enablePartitionLiterals", true,
            "@aws-cdk/aws-kms:aliasNameRef", true,
            "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption", true,
            "@aws-cdk/core:validateSnapshotRemovalPolicy", true);

    /**
     * Resource types left untagged although CDK could tag them: cfn-lint 1.51's schema (the one on
     * this machine) rejects Tags on a CloudWatch dashboard, and a dashboard costs nothing to attribute.
     */
    public static final List<String> UNTAGGED_TYPES = List.of("AWS::CloudWatch::Dashboard");

    private DayshiftStacks() {
    }

    /**
     * Loads the configuration and adds the stacks of the selected environments to {@code app}.
     *
     * @throws CdkException when the configuration is invalid, names no such environment, or a
     *     definition, buildspec or Lambda jar is missing
     */
    public static List<EnvironmentStacks> addTo(App app, AppSettings settings) {
        FEATURE_FLAGS.forEach((flag, value) -> {
            if (app.getNode().tryGetContext(flag) == null) {
                app.getNode().setContext(flag, value);
            }
        });
        DayshiftConfig config = ConfigLoader.load(settings.configFile());
        Set<String> unknown = new TreeSet<>(settings.environments());
        unknown.removeAll(config.environments().keySet());
        if (!unknown.isEmpty()) {
            throw new CdkException(Kind.BAD_INPUT, "-c " + AppSettings.ENVIRONMENTS + " names environments that "
                    + settings.configFile() + " does not declare: " + String.join(", ", unknown)
                    + " (declared: " + String.join(", ", config.environments().keySet()) + ")");
        }
        for (Environment env : config.environments().values()) {
            if (settings.environments().isEmpty() || settings.environments().contains(env.name())) {
                refuseLocalOnly(env, settings);
            }
        }
        Path definitions = settings.root().resolve("state-machines/definitions");
        LambdaArtifacts artifacts = new LambdaArtifacts(settings.root());
        List<EnvironmentStacks> out = new ArrayList<>();
        for (Environment env : config.environments().values()) {
            if (!settings.environments().isEmpty() && !settings.environments().contains(env.name())) {
                continue;
            }
            StackProps props = StackProps.builder()
                    .env(software.amazon.awscdk.Environment.builder()
                            .account(env.account().orElse(System.getenv("CDK_DEFAULT_ACCOUNT")))
                            .region(env.region())
                            .build())
                    .description("Dayshift " + env.name() + " (" + env.region() + ")")
                    .terminationProtection(env.isProtected())
                    .build();
            StateBackendStack state = new StateBackendStack(app, Names.stack(env, "state"), props, env,
                    settings.terraformLockTable());
            OrchestratorStack orchestrator = new OrchestratorStack(app, Names.stack(env, "orchestrator"), props, env,
                    settings.configFile(), definitions, artifacts, state);
            ImagePipelineStack images = new ImagePipelineStack(app, Names.stack(env, "images"), props, env,
                    settings.configFile(), config.images(), artifacts, orchestrator.notificationsTopic());
            for (software.amazon.awscdk.Stack stack : List.of(state, orchestrator, images)) {
                tag(stack, env);
            }
            out.add(new EnvironmentStacks(env, state, orchestrator, images));
        }
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).reports(true).build()));
        return out;
    }

    /**
     * Refuses an environment with a {@code script} phase: script jobs are for local demos (their
     * directory must exist where the configuration is loaded, which on AWS is the functions' layer).
     */
    private static void refuseLocalOnly(Environment env, AppSettings settings) {
        for (Phase phase : List.of(env.base(), Optional.of(env.runtime())).stream().flatMap(Optional::stream).toList()) {
            if (phase.tool() == Tool.SCRIPT) {
                throw new CdkException(Kind.BAD_INPUT, settings.configFile() + ": environment '" + env.name() + "' has a "
                        + phase.name().id() + " phase with the script tool, which runs only on the local runtime "
                        + "(scripts/dayshift); deploy environments whose phases use terraform or cdk, or leave it out "
                        + "with -c " + AppSettings.ENVIRONMENTS + "=NAME[,NAME...]");
            }
        }
    }

    /** The tags every resource of {@code env} carries. */
    public static Map<String, String> tags(Environment env) {
        Map<String, String> tags = new java.util.LinkedHashMap<>(env.allTags());
        tags.putIfAbsent("CostCenter", UNASSIGNED_COST_CENTER);
        return tags;
    }

    private static void tag(software.amazon.awscdk.Stack stack, Environment env) {
        TagProps props = TagProps.builder().excludeResourceTypes(UNTAGGED_TYPES).build();
        tags(env).forEach((k, v) -> Tags.of(stack).add(k, v, props));
    }
}
