package dev.dayshift.cdk;

import static dev.dayshift.cdk.testutils.Cfn.allowedOn;
import static dev.dayshift.cdk.testutils.Cfn.at;
import static dev.dayshift.cdk.testutils.Cfn.idOf;
import static dev.dayshift.cdk.testutils.Cfn.list;
import static dev.dayshift.cdk.testutils.Cfn.props;
import static dev.dayshift.cdk.testutils.Cfn.refs;
import static dev.dayshift.cdk.testutils.Cfn.render;
import static dev.dayshift.cdk.testutils.Cfn.resources;
import static dev.dayshift.cdk.testutils.Cfn.statementsOfRole;
import static dev.dayshift.cdk.testutils.Cfn.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.cdk.DayshiftStacks.EnvironmentStacks;
import dev.dayshift.cdk.internal.JobPermissions;
import dev.dayshift.cdk.internal.WildcardReasons;
import dev.dayshift.cdk.testutils.SynthesizedApp;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.PhaseName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * The properties that matter, asserted on every synthesized template of the test configuration
 * (three environments that differ in account, region, zone, tools, schedule, budget, protection):
 * encryption everywhere, least privilege, SnapStart and aliases, time zones, alarms, tags,
 * isolation, and a clean cdk-nag run.
 */
class DayshiftStacksTest {

    private static SynthesizedApp app;

    @BeforeAll
    static void synthesize() {
        app = SynthesizedApp.get();
    }

    /** Calls {@code check} with every (environment, template) pair. */
    private static void eachTemplate(BiConsumer<Environment, Map<String, Object>> check) {
        for (EnvironmentStacks e : app.environments()) {
            for (Stack s : List.of(e.state(), e.orchestrator(), e.images())) {
                check.accept(e.environment(), app.templates().get(s.getStackName()));
            }
        }
    }

    private static List<Map<String, Object>> all(String type) {
        List<Map<String, Object>> out = new ArrayList<>();
        eachTemplate((env, t) -> out.addAll(resources(t, type).values()));
        return out;
    }

    @Test
    void everyConfiguredEnvironmentGetsItsThreeStacksInItsOwnRegion() {
        assertThat(app.environments()).extracting(e -> e.environment().name()).containsExactly("alpha", "beta-eu", "gamma");
        for (EnvironmentStacks e : app.environments()) {
            assertThat(e.state().getStackName()).isEqualTo("dayshift-" + e.environment().name() + "-state");
            assertThat(e.orchestrator().getRegion()).isEqualTo(e.environment().region());
            assertThat(e.images().getRegion()).isEqualTo(e.environment().region());
            e.environment().account().ifPresent(a -> assertThat(e.orchestrator().getAccount()).isEqualTo(a));
        }
    }

    @Nested
    class CdkNag {
        @Test
        void reportsNoUnsuppressedErrorInAnyStack() {
            assertThat(app.assembly().getStacks()).hasSize(3 * app.environments().size());
            assertThat(DayshiftApp.errors(app.assembly())).as("errors (cdk-nag's unsuppressed findings among them)")
                    .isEmpty();
        }

        @Test
        void everySuppressionCarriesAReason() {
            List<Object> suppressions = new ArrayList<>();
            eachTemplate((env, t) -> resources(t, null).values().forEach(r ->
                    suppressions.addAll(list(at(r, "Metadata", "cdk_nag", "rules_to_suppress")))));
            assertThat(suppressions).isNotEmpty();
            for (Object s : suppressions) {
                assertThat(String.valueOf(at(s, "reason"))).as("reason of %s", s).hasSizeGreaterThan(30);
            }
        }

        @Test
        void writesItsReportsIntoTheCloudAssembly() {
            for (EnvironmentStacks e : app.environments()) {
                assertThat(app.outdir().resolve("AwsSolutions-" + e.orchestrator().getStackName() + "-NagReport.csv"))
                        .exists();
            }
        }
    }

    @Nested
    class Encryption {
        @Test
        void everyBucketIsEncryptedPrivateAndTlsOnly() {
            eachTemplate((env, t) -> {
                Set<String> logTargets = new HashSet<>();
                resources(t, "AWS::S3::Bucket").values().forEach(b ->
                        logTargets.add(target(at(props(b), "LoggingConfiguration", "DestinationBucketName"))));
                resources(t, "AWS::S3::Bucket").forEach((id, b) -> {
                    Object algorithm = at(props(b), "BucketEncryption", "ServerSideEncryptionConfiguration", 0,
                            "ServerSideEncryptionByDefault", "SSEAlgorithm");
                    // Server access logs can only be delivered to SSE-S3 buckets; every other bucket uses its KMS key.
                    assertThat(algorithm).as(id).isEqualTo(logTargets.contains(id) ? "AES256" : "aws:kms");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> block = (Map<String, Object>) at(props(b), "PublicAccessBlockConfiguration");
                    assertThat(block).as(id)
                            .containsEntry("BlockPublicAcls", true).containsEntry("BlockPublicPolicy", true)
                            .containsEntry("IgnorePublicAcls", true).containsEntry("RestrictPublicBuckets", true);
                    if (!logTargets.contains(id)) {
                        assertThat(at(props(b), "LoggingConfiguration")).as("access logging of " + id).isNotNull();
                    }
                });
                Set<String> tlsOnly = resources(t, "AWS::S3::BucketPolicy").values().stream()
                        .filter(p -> deniesInsecureTransport(at(props(p), "PolicyDocument", "Statement")))
                        .map(p -> target(props(p).get("Bucket"))).collect(Collectors.toSet());
                assertThat(tlsOnly).as("TLS-only buckets").containsAll(resources(t, "AWS::S3::Bucket").keySet());
            });
        }

        @Test
        void everyQueueTopicLogGroupTableMachineAndProjectUsesACustomerManagedKey() {
            eachTemplate((env, t) -> {
                Set<String> keys = resources(t, "AWS::KMS::Key").keySet();
                resources(t, "AWS::SQS::Queue").forEach((id, q) ->
                        assertThat(keys).as(id).contains(target(props(q).get("KmsMasterKeyId"))));
                resources(t, "AWS::SNS::Topic").forEach((id, q) ->
                        assertThat(keys).as(id).contains(target(props(q).get("KmsMasterKeyId"))));
                resources(t, "AWS::Logs::LogGroup").forEach((id, q) ->
                        assertThat(keys).as(id).contains(target(props(q).get("KmsKeyId"))));
                resources(t, "AWS::DynamoDB::GlobalTable").forEach((id, q) ->
                        assertThat(at(props(q), "SSESpecification", "SSEType")).as(id).isEqualTo("KMS"));
                resources(t, "AWS::StepFunctions::StateMachine").forEach((id, q) ->
                        assertThat(at(props(q), "EncryptionConfiguration", "Type")).as(id)
                                .isEqualTo("CUSTOMER_MANAGED_KMS_KEY"));
                resources(t, "AWS::CodeBuild::Project").forEach((id, q) ->
                        assertThat(keys).as(id).contains(target(props(q).get("EncryptionKey"))));
                resources(t, "AWS::KMS::Key").forEach((id, k) ->
                        assertThat(props(k).get("EnableKeyRotation")).as(id).isEqualTo(true));
            });
            assertThat(all("AWS::SQS::Queue")).isNotEmpty();
            assertThat(all("AWS::SNS::Topic")).hasSize(9);
        }

        @Test
        void everyQueueAndTopicRefusesPlainHttp() {
            eachTemplate((env, t) -> {
                Set<Object> tlsQueues = new HashSet<>();
                resources(t, "AWS::SQS::QueuePolicy").values().stream()
                        .filter(p -> deniesInsecureTransport(at(props(p), "PolicyDocument", "Statement")))
                        .forEach(p -> list(props(p).get("Queues")).forEach(q -> tlsQueues.add(target(q))));
                assertThat(tlsQueues).containsAll(resources(t, "AWS::SQS::Queue").keySet());
                Set<Object> tlsTopics = new HashSet<>();
                resources(t, "AWS::SNS::TopicPolicy").values().stream()
                        .filter(p -> deniesInsecureTransport(at(props(p), "PolicyDocument", "Statement")))
                        .forEach(p -> list(props(p).get("Topics")).forEach(q -> tlsTopics.add(target(q))));
                assertThat(tlsTopics).containsAll(resources(t, "AWS::SNS::Topic").keySet());
            });
        }

        private static boolean deniesInsecureTransport(Object statements) {
            return list(statements).stream().anyMatch(s -> "Deny".equals(at(s, "Effect"))
                    && "false".equals(String.valueOf(at(s, "Condition", "Bool", "aws:SecureTransport"))));
        }
    }

    @Nested
    class LeastPrivilege {
        /** Every identity-policy statement: IAM policies, managed policies and roles' inline policies. */
        private List<Map<String, Object>> identityStatements() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
                all(type).forEach(p -> list(at(props(p), "PolicyDocument", "Statement")).forEach(s -> out.add(cast(s))));
            }
            all("AWS::IAM::Role").forEach(r -> list(props(r).get("Policies")).forEach(p ->
                    list(at(p, "PolicyDocument", "Statement")).forEach(s -> out.add(cast(s)))));
            return out;
        }

        @Test
        void noStatementAllowsEveryActionOrEveryActionOfAService() {
            List<Map<String, Object>> statements = identityStatements();
            assertThat(statements).hasSizeGreaterThan(50);
            for (Map<String, Object> s : statements) {
                if ("Allow".equals(s.get("Effect"))) {
                    for (Object action : list(s.get("Action"))) {
                        assertThat(String.valueOf(action)).as("action in %s", s).isNotEqualTo("*").doesNotEndWith(":*");
                    }
                }
            }
        }

        @Test
        void everyAllowOnEveryResourceHasAWrittenReason() {
            for (Map<String, Object> s : identityStatements()) {
                if ("Allow".equals(s.get("Effect")) && list(s.get("Resource")).contains("*")) {
                    boolean explained = JobPermissions.REASONS.containsKey(String.valueOf(s.get("Sid")))
                            || list(s.get("Action")).stream().allMatch(a -> WildcardReasons.ACTIONS.containsKey(String.valueOf(a)));
                    assertThat(explained).as("Resource * without a reason: %s", s).isTrue();
                }
            }
        }

        @Test
        void noPrincipalIsAllowedAnythingOnAResourcePolicyWithoutConditions() {
            for (String type : List.of("AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy")) {
                for (Map<String, Object> p : all(type)) {
                    for (Object s : list(at(props(p), "PolicyDocument", "Statement"))) {
                        if ("Allow".equals(at(s, "Effect")) && at(s, "Principal", "Service") != null
                                && !"logging.s3.amazonaws.com".equals(at(s, "Principal", "Service"))) {
                            assertThat(at(s, "Condition")).as("service grant without conditions: %s", s).isNotNull();
                        }
                        assertThat(at(s, "Effect").equals("Allow") && "*".equals(String.valueOf(at(s, "Principal"))))
                                .as("public allow: %s", s).isFalse();
                    }
                }
            }
        }

        @Test
        void topicsAdmitOnlyTheirPublishersOfThisAccount() {
            for (EnvironmentStacks e : app.environments()) {
                Map<String, Object> t = app.templates().get(e.orchestrator().getStackName());
                Map<String, String> publisherByTopic = new LinkedHashMap<>();
                resources(t, "AWS::SNS::TopicPolicy").values().forEach(p -> {
                    for (Object s : list(at(props(p), "PolicyDocument", "Statement"))) {
                        if ("Allow".equals(at(s, "Effect"))) {
                            assertThat(at(s, "Condition", "StringEquals", "aws:SourceAccount")).as("%s", s).isNotNull();
                            assertThat(at(s, "Condition", "ArnLike", "aws:SourceArn")).as("%s", s).isNotNull();
                            publisherByTopic.put(target(list(props(p).get("Topics")).get(0)),
                                    String.valueOf(at(s, "Principal", "Service")));
                        }
                    }
                });
                assertThat(publisherByTopic).containsValues("cloudwatch.amazonaws.com", "budgets.amazonaws.com")
                        .allSatisfy((topic, service) -> assertThat(service)
                                .isIn("cloudwatch.amazonaws.com", "budgets.amazonaws.com"));
            }
        }

        @Test
        void phaseRolesHaveABoundaryAndNeitherCanTouchTheOthersResourcesOrState() {
            org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(
                    SynthesizedApp.root().resolve("state-machines/definitions/buildspecs/terraform.yml")),
                    "state-machines/definitions/buildspecs/terraform.yml has not landed yet: no job projects or roles to check");
            EnvironmentStacks alpha = app.environments().get(0);
            Map<String, Object> t = app.templates().get(alpha.orchestrator().getStackName());
            Map<String, Map<String, Object>> roles = resources(t, "AWS::IAM::Role");
            Map<PhaseName, Set<String>> actions = new LinkedHashMap<>();
            for (PhaseName phase : PhaseName.values()) {
                String roleName = "dayshift-alpha-" + phase.name().toLowerCase() + "-jobs";
                String roleId = roles.entrySet().stream().filter(r -> roleName.equals(props(r.getValue()).get("RoleName")))
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                assertThat(props(roles.get(roleId)).get("PermissionsBoundary")).as(roleName).isNotNull();
                List<Map<String, Object>> statements = new ArrayList<>();
                resources(t, "AWS::IAM::Policy").values().stream()
                        .filter(p -> list(props(p).get("Roles")).stream().anyMatch(r -> roleId.equals(target(r))))
                        .forEach(p -> list(at(props(p), "PolicyDocument", "Statement")).forEach(s -> statements.add(cast(s))));
                String other = phase == PhaseName.BASE ? "runtime" : "base";
                assertThat(statements).as(roleName + " denies the other phase's tagged resources").anyMatch(s ->
                        "Deny".equals(s.get("Effect"))
                                && other.equals(at(s, "Condition", "StringEquals", "aws:ResourceTag/dayshift:phase")));
                assertThat(statements).as(roleName + " cannot write the other phase's state").anyMatch(s ->
                        "Deny".equals(s.get("Effect")) && list(s.get("Action")).contains("s3:PutObject")
                                && String.valueOf(s.get("Resource")).contains("alpha/" + other + "/*"));
                actions.put(phase, statements.stream().filter(s -> "Allow".equals(s.get("Effect")))
                        .flatMap(s -> list(s.get("Action")).stream()).map(String::valueOf).collect(Collectors.toSet()));
            }
            Set<String> shared = new HashSet<>(actions.get(PhaseName.BASE));
            shared.retainAll(actions.get(PhaseName.RUNTIME));
            // Only reads, tagging and state access are common to both.
            assertThat(shared).allMatch(a -> a.startsWith("ec2:Describe") || a.endsWith("Tags") || a.startsWith("s3:")
                    || a.startsWith("kms:") || a.startsWith("logs:") || a.startsWith("codebuild:"), "shared: " + shared);
            assertThat(actions.get(PhaseName.RUNTIME)).doesNotContain("ec2:CreateVpc", "ec2:DeleteVpc",
                    "route53:DeleteHostedZone", "acm:DeleteCertificate", "ecr:DeleteRepository");
            assertThat(actions.get(PhaseName.BASE)).doesNotContain("ecs:DeleteService", "ec2:DeleteNatGateway",
                    "elasticloadbalancing:DeleteLoadBalancer", "elasticache:DeleteReplicationGroup");
        }
    }

    @Nested
    class JobProjects {
        /** {@code States.Format('...{}...', $.a.b, ...)} of the lifecycle machine, evaluated on {@code context}. */
        private static String evaluate(String expression, Map<String, Object> substitutions, Map<String, Object> context) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("States\\.Format\\('([^']*)'((?:\\s*,\\s*\\$[.\\w]+)*)\\)")
                    .matcher(expression);
            assertThat(m.matches()).as("a States.Format of paths: %s", expression).isTrue();
            String out = m.group(1);
            for (var sub : substitutions.entrySet()) {
                out = out.replace("${" + sub.getKey() + "}", String.valueOf(sub.getValue()));
            }
            for (String path : m.group(2).split(",")) {
                if (!path.isBlank()) {
                    Object v = at(context, (Object[]) path.strip().substring(2).split("\\."));
                    out = out.replaceFirst("\\{}", String.valueOf(v));
                }
            }
            return out;
        }

        @Test
        void everyPhasesJobsRunInAProjectWithThatPhasesRoleAndTheMachineCannotPassARole() throws Exception {
            int checked = 0;
            for (EnvironmentStacks e : app.environments()) {
                String env = e.environment().name();
                Map<String, Object> t = orchestrator(e);
                Map<String, Object> machine = props(resources(t, MACHINE).get(
                        idOf(t, MACHINE, "StateMachineName", "dayshift-" + env + "-lifecycle")));
                Map<String, Object> subs = cast(machine.get("DefinitionSubstitutions"));
                com.fasterxml.jackson.databind.JsonNode definition = json(String.valueOf(machine.get("DefinitionString")));
                List<com.fasterxml.jackson.databind.JsonNode> builds = new ArrayList<>();
                definition.get("States").forEach(state -> {
                    if (state.path("Resource").asText().contains(":codebuild:startBuild")) {
                        builds.add(state.get("Parameters"));
                    }
                });
                assertThat(builds).as("plan and apply jobs").hasSize(2);
                List<Map<String, Object>> machineStatements = statementsOfRole(t, target(machine.get("RoleArn")));
                assertThat(machineStatements).flatMap(s -> list(s.get("Action"))).doesNotContain("iam:PassRole");
                for (PhaseName phase : PhaseName.values()) {
                    if (e.environment().phase(phase).isEmpty()) {
                        continue;
                    }
                    String tool = e.environment().phase(phase).get().tool().id();
                    for (com.fasterxml.jackson.databind.JsonNode params : builds) {
                        assertThat(params.has("ServiceRoleOverride") || params.has("ServiceRoleOverride.$"))
                                .as("the machine picks no role").isFalse();
                        String project = evaluate(params.get("ProjectName.$").asText(), subs,
                                Map.of("request", Map.of("phase", phase.id(), "environment", env), "job", Map.of("tool", tool)));
                        String projectId = idOf(t, "AWS::CodeBuild::Project", "Name", project);
                        String role = target(props(resources(t, "AWS::CodeBuild::Project").get(projectId)).get("ServiceRole"));
                        assertThat(props(resources(t, "AWS::IAM::Role").get(role)).get("RoleName")).as(project)
                                .isEqualTo("dayshift-" + env + "-" + phase.id() + "-jobs");
                        assertThat(allowedOn(machineStatements, "codebuild:StartBuild")).contains("${" + projectId + ".Arn}");
                        checked++;
                    }
                }
            }
            assertThat(checked).as("2 jobs x 5 phases").isEqualTo(10);
        }

        @Test
        void aProjectsSourceHoldsThePhaseDirectoryAtItsPathRelativeToTheConfiguration() throws Exception {
            Map<String, Object> t = orchestrator(app.environments().get(0));
            Map<String, Object> project = props(resources(t, "AWS::CodeBuild::Project").get(
                    idOf(t, "AWS::CodeBuild::Project", "Name", "dayshift-alpha-runtime-terraform")));
            java.util.regex.Matcher hash = java.util.regex.Pattern.compile("([0-9a-f]{64})\\.zip")
                    .matcher(render(at(project, "Source", "Location")) + String.valueOf(at(project, "Source", "Location")));
            assertThat(hash.find()).as("an S3 asset source: %s", at(project, "Source", "Location")).isTrue();
            assertThat(app.outdir().resolve("asset." + hash.group(1)).resolve("infra/runtime/main.tf")).isRegularFile();
            // alpha's base directory does not exist here: that project has no source (and a synth warning).
            Map<String, Object> base = props(resources(t, "AWS::CodeBuild::Project").get(
                    idOf(t, "AWS::CodeBuild::Project", "Name", "dayshift-alpha-base-terraform")));
            assertThat(at(base, "Source", "Type")).isEqualTo("NO_SOURCE");
        }

        @Test
        void eachPhaseRoleWritesOnlyItsOwnTerraformStateWhereTheBuildspecKeepsIt() throws Exception {
            assertThat(java.nio.file.Files.readString(SynthesizedApp.root()
                    .resolve("state-machines/definitions/buildspecs/terraform.yml")))
                    .contains("key=dayshift/$DAYSHIFT_ENVIRONMENT/$DAYSHIFT_PHASE.tfstate", "use_lockfile=true");
            Map<String, Object> t = orchestrator(app.environments().get(0));
            for (PhaseName phase : PhaseName.values()) {
                String role = idOf(t, "AWS::IAM::Role", "RoleName", "dayshift-alpha-" + phase.id() + "-jobs");
                List<Map<String, Object>> st = statementsOfRole(t, role);
                String own = "dayshift/alpha/" + phase.id() + ".tfstate";
                String other = "dayshift/alpha/" + (phase == PhaseName.BASE ? "runtime" : "base") + ".tfstate";
                assertThat(allowedOn(st, "s3:PutObject")).anyMatch(r -> r.endsWith("/" + own))
                        .anyMatch(r -> r.endsWith("/" + own + ".tflock")).noneMatch(r -> r.contains(other));
                assertThat(allowedOn(st, "s3:DeleteObject")).anyMatch(r -> r.endsWith("/" + own + ".tflock"));
                assertThat(st).filteredOn(s -> "Deny".equals(s.get("Effect")) && list(s.get("Action")).contains("s3:PutObject"))
                        .flatMap(s -> list(s.get("Resource"))).map(r -> render(r)).anyMatch(r -> r.endsWith("/" + other + "*"));
            }
            String runtime = idOf(t, "AWS::IAM::Role", "RoleName", "dayshift-alpha-runtime-jobs");
            assertThat(allowedOn(statementsOfRole(t, runtime), "s3:GetObject"))
                    .as("the runtime reads the base's outputs").anyMatch(r -> r.endsWith("/dayshift/alpha/base.tfstate*"));
        }
    }

    @Nested
    class Lambdas {
        @Test
        void everyFunctionIsJava21WithSnapStartTracingJsonLogsAndItsOwnLogGroup() {
            List<Map<String, Object>> functions = all("AWS::Lambda::Function");
            assertThat(functions).as("4 in each orchestrator, 2 more with a budget, 1 per image pipeline")
                    .hasSize(3 * 4 + 2 * 2 + 3);
            for (Map<String, Object> f : functions) {
                Map<String, Object> p = props(f);
                assertThat(p.get("Runtime")).isEqualTo("java21");
                assertThat(at(p, "SnapStart", "ApplyOn")).isEqualTo("PublishedVersions");
                assertThat(at(p, "TracingConfig", "Mode")).isEqualTo("Active");
                assertThat(at(p, "LoggingConfig", "LogFormat")).isEqualTo("JSON");
                assertThat(at(p, "LoggingConfig", "LogGroup")).isNotNull();
                assertThat(String.valueOf(p.get("Handler"))).endsWith("::handleRequest");
            }
        }

        @Test
        void everyFunctionHasAPublishedVersionBehindAnAliasWithAnOnFailureDestination() {
            eachTemplate((env, t) -> {
                Map<String, Map<String, Object>> versions = resources(t, "AWS::Lambda::Version");
                Map<String, Map<String, Object>> aliases = resources(t, "AWS::Lambda::Alias");
                Set<String> functionsWithAlias = new HashSet<>();
                aliases.values().forEach(a -> {
                    String version = target(props(a).get("FunctionVersion"));
                    assertThat(versions).containsKey(version);
                    functionsWithAlias.add(target(props(a).get("FunctionName")));
                });
                assertThat(functionsWithAlias).containsExactlyInAnyOrderElementsOf(
                        resources(t, "AWS::Lambda::Function").keySet());
                Set<String> configured = resources(t, "AWS::Lambda::EventInvokeConfig").values().stream()
                        .filter(c -> at(props(c), "DestinationConfig", "OnFailure", "Destination") != null)
                        .map(c -> String.valueOf(props(c).get("FunctionName")) + ":" + props(c).get("Qualifier"))
                        .collect(Collectors.toSet());
                assertThat(configured).hasSize(aliases.size());
            });
        }

        @Test
        void callersInvokeAliasesNeverTheFunctionOrLatest() {
            eachTemplate((env, t) -> {
                Set<String> aliases = resources(t, "AWS::Lambda::Alias").keySet();
                resources(t, "AWS::SNS::Subscription").values().stream()
                        .filter(s -> "lambda".equals(props(s).get("Protocol")))
                        .forEach(s -> assertThat(aliases).contains(target(props(s).get("Endpoint"))));
                resources(t, "AWS::Lambda::EventSourceMapping").values().forEach(m -> { // <function name>:<alias>
                    assertThat(aliases).containsAll(refs(props(m).get("FunctionName")));
                    assertThat(String.valueOf(props(m).get("FunctionName"))).contains(":live");
                });
                resources(t, "AWS::Scheduler::Schedule").values().forEach(s ->
                        assertThat(aliases).contains(target(at(props(s), "Target", "Arn"))));
                resources(t, "AWS::StepFunctions::StateMachine").values().forEach(m -> {
                    Map<?, ?> subs = (Map<?, ?>) props(m).getOrDefault("DefinitionSubstitutions", Map.of());
                    subs.forEach((k, v) -> {
                        if (String.valueOf(k).endsWith("FunctionArn")) {
                            assertThat(aliases).as(String.valueOf(k)).contains(target(v));
                        }
                    });
                });
            });
        }

        @Test
        void everyFunctionAndEveryQueueHasAnAlarmThatNotifiesPeople() {
            eachTemplate((env, t) -> {
                Map<String, Map<String, Object>> alarms = resources(t, "AWS::CloudWatch::Alarm");
                Set<String> alarmedFunctions = new HashSet<>();
                Set<String> alarmedQueues = new HashSet<>();
                alarms.values().forEach(a -> {
                    assertThat(list(props(a).get("AlarmActions"))).as("alarm actions").isNotEmpty();
                    for (Object d : list(props(a).get("Dimensions"))) {
                        if ("FunctionName".equals(at(d, "Name"))) {
                            alarmedFunctions.add(target(at(d, "Value")));
                        }
                        if ("QueueName".equals(at(d, "Name"))) {
                            alarmedQueues.add(target(at(d, "Value")));
                        }
                    }
                });
                assertThat(alarmedFunctions).containsAll(resources(t, "AWS::Lambda::Function").keySet());
                assertThat(alarmedQueues).containsAll(resources(t, "AWS::SQS::Queue").keySet());
            });
        }
    }

    private static final String FUNCTION = "AWS::Lambda::Function";
    private static final String MACHINE = "AWS::StepFunctions::StateMachine";

    private static Map<String, Object> orchestrator(EnvironmentStacks e) {
        return app.templates().get(e.orchestrator().getStackName());
    }

    /** The logical id of the alias of the function named {@code dayshift-<env>-<suffix>}. */
    private static String aliasOf(Map<String, Object> t, String env, String suffix) {
        String fn = idOf(t, FUNCTION, "FunctionName", "dayshift-" + env + "-" + suffix);
        return resources(t, "AWS::Lambda::Alias").entrySet().stream()
                .filter(a -> fn.equals(target(props(a.getValue()).get("FunctionName")))).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static String roleOfFunction(Map<String, Object> t, String env, String suffix) {
        String fn = idOf(t, FUNCTION, "FunctionName", "dayshift-" + env + "-" + suffix);
        return target(props(resources(t, FUNCTION).get(fn)).get("Role"));
    }

    private static Map<String, Object> environmentOf(Map<String, Object> t, String env, String suffix) {
        return cast(at(props(resources(t, FUNCTION).get(idOf(t, FUNCTION, "FunctionName", "dayshift-" + env + "-" + suffix))),
                "Environment", "Variables"));
    }

    @Nested
    class Rollback {
        @Test
        void theMachineCallsTheRollbackTasksAliasAndMayStartAndFollowOnlyTheLifecycleMachine() {
            for (EnvironmentStacks e : app.environments()) {
                String env = e.environment().name();
                Map<String, Object> t = orchestrator(e);
                String machine = idOf(t, MACHINE, "StateMachineName", "dayshift-" + env + "-rollback");
                String lifecycle = idOf(t, MACHINE, "StateMachineName", "dayshift-" + env + "-lifecycle");
                String tasks = aliasOf(t, env, "rollback-tasks");
                Map<String, Object> p = props(resources(t, MACHINE).get(machine));
                assertThat(target(at(p, "DefinitionSubstitutions", "RollbackTasksFunctionArn"))).isEqualTo(tasks);
                assertThat(target(at(p, "DefinitionSubstitutions", "LifecycleStateMachineArn"))).isEqualTo(lifecycle);

                List<Map<String, Object>> st = statementsOfRole(t, target(p.get("RoleArn")));
                assertThat(allowedOn(st, "lambda:InvokeFunction")).containsExactly("${" + tasks + "}");
                assertThat(allowedOn(st, "states:StartExecution")).containsExactly("${" + lifecycle + "}");
                for (String follow : List.of("states:DescribeExecution", "states:StopExecution")) {
                    assertThat(allowedOn(st, follow)).as(follow).singleElement().asString()
                            .startsWith("arn:aws:states:" + e.environment().region() + ":")
                            .endsWith(":execution:dayshift-" + env + "-lifecycle:*");
                }
                for (String rule : List.of("events:PutTargets", "events:PutRule", "events:DescribeRule")) {
                    assertThat(allowedOn(st, rule)).as(rule).singleElement().asString()
                            .endsWith(":rule/StepFunctionsGetEventsForStepFunctionsExecutionRule");
                }
                assertThat(st).as("the lifecycle machine's key, in its encryption context").anySatisfy(s -> {
                    assertThat(list(s.get("Action"))).contains("kms:GenerateDataKey", "kms:Decrypt");
                    assertThat(target(at(s, "Condition", "StringEquals", "kms:EncryptionContext:aws:states:stateMachineArn")))
                            .isEqualTo(lifecycle);
                });
            }
        }

        @Test
        void theTasksMayChangeOnlyTheConfiguredEcsServices() {
            EnvironmentStacks alpha = app.environments().get(0);
            Map<String, Object> t = orchestrator(alpha);
            List<Map<String, Object>> st = statementsOfRole(t, roleOfFunction(t, "alpha", "rollback-tasks"));
            for (String call : List.of("ecs:DescribeServices", "ecs:UpdateService", "ecs:ListServiceDeployments")) {
                assertThat(allowedOn(st, call)).as(call).containsExactly(
                        "arn:aws:ecs:us-east-1:111111111111:service/alpha-cluster/api");
            }
            assertThat(allowedOn(st, "ecs:DescribeServiceRevisions")).containsExactly(
                    "arn:aws:ecs:us-east-1:111111111111:service-revision/alpha-cluster/api/*");
            assertThat(allowedOn(st, "iam:PassRole")).containsExactly("arn:aws:iam::111111111111:role/alpha-*");
            assertThat(st).filteredOn(s -> list(s.get("Action")).contains("iam:PassRole")).singleElement()
                    .satisfies(s -> assertThat(at(s, "Condition", "StringEquals", "iam:PassedToService"))
                            .isEqualTo("ecs-tasks.amazonaws.com"));
            assertThat(allowedOn(st, "cloudwatch:DescribeAlarms")).containsExactly("*");
            assertThat(allowedOn(st, "states:SendTaskFailure")).containsExactly(
                    "arn:aws:states:us-east-1:111111111111:stateMachine:dayshift-alpha-rollback");

            EnvironmentStacks gamma = app.environments().get(2); // no rollback targets
            Map<String, Object> g = orchestrator(gamma);
            List<Map<String, Object>> none = statementsOfRole(g, roleOfFunction(g, "gamma", "rollback-tasks"));
            assertThat(none).flatMap(s -> list(s.get("Action"))).noneMatch(a -> String.valueOf(a).startsWith("ecs:"))
                    .doesNotContain("cloudwatch:DescribeAlarms", "iam:PassRole");
        }

        @Test
        void theTriggerHearsTheAlarmsTopicThroughItsAliasAndStartsOnlyTheRollbackMachine() {
            for (EnvironmentStacks e : app.environments()) {
                String env = e.environment().name();
                Map<String, Object> t = orchestrator(e);
                String alarms = idOf(t, "AWS::SNS::Topic", "TopicName", "dayshift-" + env + "-alarms");
                String trigger = aliasOf(t, env, "rollback-trigger");
                String machine = idOf(t, MACHINE, "StateMachineName", "dayshift-" + env + "-rollback");
                assertThat(resources(t, "AWS::SNS::Subscription").values()).anySatisfy(sub -> {
                    assertThat(target(props(sub).get("TopicArn"))).isEqualTo(alarms);
                    assertThat(target(props(sub).get("Endpoint"))).isEqualTo(trigger);
                    assertThat(props(sub).get("Protocol")).isEqualTo("lambda");
                });
                assertThat(resources(t, "AWS::Lambda::Permission").values()).anySatisfy(perm -> {
                    assertThat(target(props(perm).get("FunctionName"))).isEqualTo(trigger);
                    assertThat(props(perm).get("Principal")).isEqualTo("sns.amazonaws.com");
                    assertThat(target(props(perm).get("SourceArn"))).isEqualTo(alarms);
                });
                assertThat(target(environmentOf(t, env, "rollback-trigger").get("DAYSHIFT_ROLLBACK_STATE_MACHINE_ARN")))
                        .isEqualTo(machine);
                assertThat(allowedOn(statementsOfRole(t, roleOfFunction(t, env, "rollback-trigger")), "states:StartExecution"))
                        .containsExactly("${" + machine + "}");
            }
        }
    }

    @Nested
    class Schedules {
        @Test
        void everyScheduleRunsInItsEnvironmentsZoneWithoutAFlexibleWindowWithRetriesAndADeadLetterQueue() {
            int count = 0;
            for (EnvironmentStacks e : app.environments()) {
                Map<String, Object> t = orchestrator(e);
                for (Map<String, Object> s : resources(t, "AWS::Scheduler::Schedule").values()) {
                    count++;
                    Map<String, Object> p = props(s);
                    assertThat(p.get("ScheduleExpressionTimezone")).isEqualTo(e.environment().zone().getId());
                    assertThat(at(p, "FlexibleTimeWindow", "Mode")).isEqualTo("OFF");
                    assertThat(at(p, "Target", "DeadLetterConfig", "Arn")).isNotNull();
                    assertThat(at(p, "Target", "RetryPolicy", "MaximumRetryAttempts")).isNotNull();
                    assertThat(String.valueOf(at(p, "Target", "Input")))
                            .contains("\"environment\":\"" + e.environment().name() + "\"")
                            .contains("\"scheduledAt\":\"<aws.scheduler.scheduled-time>\"");
                    assertThat(String.valueOf(p.get("Name"))).startsWith("dayshift-" + e.environment().name() + "-");
                }
                int expected = (e.environment().schedule().up().isPresent() ? 1 : 0)
                        + (e.environment().schedule().down().isPresent() ? 1 : 0)
                        + (e.environment().budget().isPresent() ? 1 : 0);
                assertThat(resources(t, "AWS::Scheduler::Schedule")).hasSize(expected);
            }
            assertThat(count).isEqualTo(5);
        }

        @Test
        void upAndDownGoToTheScheduleGatesAliasWithTheShapeItParses() {
            EnvironmentStacks alpha = app.environments().get(0);
            Map<String, Object> t = orchestrator(alpha);
            String gate = aliasOf(t, "alpha", "schedule-gate");
            for (String desired : List.of("up", "down")) {
                Map<String, Object> p = props(resources(t, "AWS::Scheduler::Schedule").get(
                        idOf(t, "AWS::Scheduler::Schedule", "Name", "dayshift-alpha-" + desired)));
                assertThat(target(at(p, "Target", "Arn"))).isEqualTo(gate);
                dev.dayshift.core.gate.ScheduleEvent event = dev.dayshift.core.gate.ScheduleEvent.parse(
                        json(String.valueOf(at(p, "Target", "Input")).replace("<aws.scheduler.scheduled-time>",
                                "2026-11-23T13:00:00Z")));
                assertThat(event.environment()).isEqualTo("alpha");
                assertThat(event.desired().id()).isEqualTo(desired);
                assertThat(event.scheduledAt()).contains(java.time.Instant.parse("2026-11-23T13:00:00Z"));
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    @Nested
    class Budgets {
        @Test
        void environmentsWithABudgetGetActualAndForecastNotificationsToTheirBudgetsTopic() {
            for (EnvironmentStacks e : app.environments()) {
                Map<String, Object> t = app.templates().get(e.orchestrator().getStackName());
                Map<String, Map<String, Object>> budgets = resources(t, "AWS::Budgets::Budget");
                if (e.environment().budget().isEmpty()) {
                    assertThat(budgets).isEmpty();
                    continue;
                }
                assertThat(budgets).hasSize(1);
                Map<String, Object> p = props(budgets.values().iterator().next());
                assertThat(at(p, "Budget", "BudgetName")).isEqualTo(e.environment().budget().get().name());
                Set<Object> kinds = new HashSet<>();
                String budgetsTopic = resources(t, "AWS::SNS::Topic").entrySet().stream()
                        .filter(x -> String.valueOf(props(x.getValue()).get("TopicName")).endsWith("-budgets"))
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                for (Object n : list(p.get("NotificationsWithSubscribers"))) {
                    kinds.add(at(n, "Notification", "NotificationType"));
                    assertThat(target(at(n, "Subscribers", 0, "Address"))).isEqualTo(budgetsTopic);
                }
                assertThat(kinds).containsExactlyInAnyOrder("ACTUAL", "FORECASTED");
            }
        }

        @Test
        void theGuardHearsTheBudgetsTopicAndTheDailyCheckRunsInTheEnvironmentsZone() {
            for (EnvironmentStacks e : app.environments()) {
                String env = e.environment().name();
                Map<String, Object> t = orchestrator(e);
                Set<Object> names = resources(t, FUNCTION).values().stream().map(f -> props(f).get("FunctionName"))
                        .collect(Collectors.toSet());
                if (e.environment().budget().isEmpty()) {
                    assertThat(names).doesNotContain("dayshift-" + env + "-budget-guard", "dayshift-" + env + "-budget-check");
                    continue;
                }
                String topic = idOf(t, "AWS::SNS::Topic", "TopicName", "dayshift-" + env + "-budgets");
                String guard = aliasOf(t, env, "budget-guard");
                assertThat(resources(t, "AWS::SNS::Subscription").values()).anySatisfy(sub -> {
                    assertThat(target(props(sub).get("TopicArn"))).isEqualTo(topic);
                    assertThat(target(props(sub).get("Endpoint"))).isEqualTo(guard);
                });
                Map<String, Object> schedule = props(resources(t, "AWS::Scheduler::Schedule").get(
                        idOf(t, "AWS::Scheduler::Schedule", "Name", "dayshift-" + env + "-budget-check")));
                assertThat(target(at(schedule, "Target", "Arn"))).isEqualTo(aliasOf(t, env, "budget-check"));
                assertThat(schedule.get("ScheduleExpression")).isEqualTo(OrchestratorStack.BUDGET_CHECK_SCHEDULE);
                assertThat(schedule.get("ScheduleExpressionTimezone")).isEqualTo(e.environment().zone().getId());
                assertThat(schedule.get("State")).isEqualTo("ENABLED");

                String lifecycle = idOf(t, MACHINE, "StateMachineName", "dayshift-" + env + "-lifecycle");
                for (String fn : List.of("budget-guard", "budget-check")) {
                    assertThat((Integer) props(resources(t, FUNCTION).get(idOf(t, FUNCTION, "FunctionName",
                            "dayshift-" + env + "-" + fn))).get("Timeout"))
                            .as("%s ends before the guard's 45 s claim lease", fn).isLessThan(45);
                    List<Map<String, Object>> st = statementsOfRole(t, roleOfFunction(t, env, fn));
                    assertThat(allowedOn(st, "states:StartExecution")).as(fn).containsExactly("${" + lifecycle + "}");
                    assertThat(environmentOf(t, env, fn)).as(fn).containsKeys("DAYSHIFT_STATE_TABLE",
                            "DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", "DAYSHIFT_NOTIFICATION_TOPIC_ARN");
                    assertThat(allowedOn(st, "budgets:ViewBudget")).as(fn).containsExactlyElementsOf(
                            fn.equals("budget-check")
                                    ? List.of("arn:aws:budgets::" + e.environment().account().orElseThrow() + ":budget/"
                                            + e.environment().budget().get().name())
                                    : List.of());
                }
            }
        }
    }

    @Nested
    class StateBackend {
        @Test
        void theStateBucketIsVersionedRetainedAndExpiresOldVersions() {
            for (EnvironmentStacks e : app.environments()) {
                Map<String, Object> t = app.templates().get(e.state().getStackName());
                Map<String, Object> bucket = resources(t, "AWS::S3::Bucket").values().stream()
                        .filter(b -> String.valueOf(props(b).get("BucketName")).contains("-tfstate-")
                                && !String.valueOf(props(b).get("BucketName")).contains("-logs-"))
                        .findFirst().orElseThrow();
                assertThat(bucket.get("DeletionPolicy")).isEqualTo("Retain");
                assertThat(at(props(bucket), "VersioningConfiguration", "Status")).isEqualTo("Enabled");
                assertThat(String.valueOf(at(props(bucket), "LifecycleConfiguration")))
                        .contains("NoncurrentVersionExpiration");
                assertThat(resources(t, "AWS::DynamoDB::GlobalTable")).as("no lock table by default").isEmpty();
            }
        }
    }

    @Nested
    class ImagePipeline {
        @Test
        void uploadsFlowThroughAQueueWithRedriveToTheProcessorsAliasWithPartialBatchFailures() {
            for (EnvironmentStacks e : app.environments()) {
                Map<String, Object> t = app.templates().get(e.images().getStackName());
                Map<String, Map<String, Object>> queues = resources(t, "AWS::SQS::Queue");
                String work = queues.entrySet().stream().filter(q -> at(props(q.getValue()), "RedrivePolicy") != null)
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                assertThat(queues).containsKey(target(at(props(queues.get(work)), "RedrivePolicy", "deadLetterTargetArn")));
                Map<String, Object> uploads = resources(t, "AWS::S3::Bucket").values().stream()
                        .filter(b -> String.valueOf(props(b).get("BucketName")).contains("-uploads-")).findFirst().orElseThrow();
                assertThat(target(at(props(uploads), "NotificationConfiguration", "QueueConfigurations", 0, "Queue")))
                        .isEqualTo(work);
                Map<String, Object> mapping = resources(t, "AWS::Lambda::EventSourceMapping").values().iterator().next();
                assertThat(target(props(mapping).get("EventSourceArn"))).isEqualTo(work);
                assertThat(list(props(mapping).get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
                assertThat(resources(t, "AWS::Lambda::Function")).hasSize(1);
            }
        }

        @Test
        void theProcessorLoadsLibvipsFromItsLayerNotFromItsJar() {
            for (EnvironmentStacks e : app.environments()) {
                Map<String, Object> t = app.templates().get(e.images().getStackName());
                Map<String, Map<String, Object>> layers = resources(t, "AWS::Lambda::LayerVersion");
                assertThat(layers).hasSize(1);
                Map<String, Object> layer = props(layers.values().iterator().next());
                assertThat(layer.get("LayerName")).isEqualTo("dayshift-" + e.environment().name() + "-libvips");
                assertThat(list(layer.get("CompatibleArchitectures"))).containsExactly("x86_64");
                Map<String, Object> function = props(resources(t, FUNCTION).values().iterator().next());
                assertThat(list(function.get("Layers"))).singleElement()
                        .satisfies(l -> assertThat(target(l)).isEqualTo(layers.keySet().iterator().next()));
                assertThat(String.valueOf(environmentOf(t, e.environment().name(), "image-processor").get("DAYSHIFT_LIBVIPS")))
                        .matches("/opt/lib/libvips-cpp\\.so\\.8\\.[0-9.]+");
            }
        }
    }

    @Nested
    class Tags {
        /** Types CloudFormation cannot tag, and the dashboard (see DayshiftStacks.UNTAGGED_TYPES). */
        private static final Set<String> UNTAGGABLE = Set.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
                "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::SNS::Subscription",
                "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Lambda::EventInvokeConfig",
                "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::LayerVersion",
                "AWS::KMS::Alias", "AWS::Scheduler::Schedule", "AWS::CDK::Metadata", "AWS::CloudWatch::Dashboard");

        @Test
        void everyTaggableResourceCarriesTheFourTagsOfItsEnvironment() {
            eachTemplate((env, t) -> resources(t, null).forEach((id, r) -> {
                String type = String.valueOf(r.get("Type"));
                if (UNTAGGABLE.contains(type)) {
                    return;
                }
                Map<String, String> tags = new LinkedHashMap<>();
                Object raw = props(r).get("Tags");
                if (raw == null) {
                    raw = at(props(r), "Replicas", 0, "Tags");
                }
                if (raw instanceof Map<?, ?> m) { // some types take tags as a map
                    m.forEach((k, v) -> tags.put(String.valueOf(k), String.valueOf(v)));
                } else if (type.equals("AWS::Budgets::Budget")) {
                    list(props(r).get("ResourceTags")).forEach(x -> tags.put(String.valueOf(at(x, "Key")), String.valueOf(at(x, "Value"))));
                } else {
                    list(raw).forEach(x -> tags.put(String.valueOf(at(x, "Key")), String.valueOf(at(x, "Value"))));
                }
                assertThat(tags).as("tags of %s (%s)", id, type)
                        .containsEntry("Environment", env.name())
                        .containsEntry("Application", "dayshift")
                        .containsEntry("ManagedBy", "dayshift")
                        .containsEntry("CostCenter", env.costCenter().orElse(DayshiftStacks.UNASSIGNED_COST_CENTER));
            }));
        }
    }

    @Nested
    class Isolation {
        private static final List<String> NAME_PROPERTIES = List.of("BucketName", "FunctionName", "RoleName",
                "QueueName", "TopicName", "TableName", "LogGroupName", "Name", "StateMachineName", "AlarmName",
                "ManagedPolicyName", "LayerName", "DashboardName", "AliasName");

        @Test
        void everyPhysicalNameCarriesItsEnvironment() {
            eachTemplate((env, t) -> resources(t, null).forEach((id, r) -> {
                for (String property : NAME_PROPERTIES) {
                    Object name = props(r).get(property);
                    if (!(name instanceof String s) || "AWS::Lambda::Alias".equals(r.get("Type"))) {
                        continue;
                    }
                    assertThat(s).as("%s of %s", property, id).contains("dayshift-" + env.name());
                }
            }));
        }

        @Test
        void noEnvironmentsTemplateNamesAnotherEnvironment() {
            eachTemplate((env, t) -> {
                String text = t.toString();
                for (EnvironmentStacks other : app.environments()) {
                    if (!other.environment().name().equals(env.name())) {
                        assertThat(text).doesNotContain("dayshift-" + other.environment().name() + "-")
                                .doesNotContain("dayshift-" + other.environment().name() + "/");
                    }
                }
            });
        }
    }

    @Nested
    class StateMachines {
        @Test
        void everyMachineLogsEverythingAndTraces() {
            for (Map<String, Object> m : all("AWS::StepFunctions::StateMachine")) {
                assertThat(at(props(m), "LoggingConfiguration", "Level")).isEqualTo("ALL");
                assertThat(at(props(m), "TracingConfiguration", "Enabled")).isEqualTo(true);
                assertThat(props(m).get("DefinitionString")).isNotNull();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
