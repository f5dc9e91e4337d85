package dev.dayshift.cdk;

import dev.dayshift.cdk.internal.Alarms;
import dev.dayshift.cdk.internal.AslDefinition;
import dev.dayshift.cdk.internal.Buildspecs;
import dev.dayshift.cdk.internal.ConfigLayer;
import dev.dayshift.cdk.internal.DayshiftFunction;
import dev.dayshift.cdk.internal.Grants;
import dev.dayshift.cdk.internal.Integrations;
import dev.dayshift.cdk.internal.JobPermissions;
import dev.dayshift.cdk.internal.LambdaArtifacts;
import dev.dayshift.cdk.internal.LambdaModule;
import dev.dayshift.cdk.internal.Nag;
import dev.dayshift.cdk.internal.PhaseSources;
import dev.dayshift.cdk.internal.Names;
import dev.dayshift.cdk.internal.Secure;
import dev.dayshift.cdk.internal.WildcardReasons;
import dev.dayshift.core.config.BudgetAlert;
import dev.dayshift.core.config.BudgetPolicy;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.Phase;
import dev.dayshift.core.config.PhaseName;
import dev.dayshift.core.config.RollbackTarget;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.codebuild.S3SourceProps;
import software.amazon.awscdk.services.codebuild.Source;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.SubscriptionProtocol;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscriptionProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.CustomerManagedEncryptionConfiguration;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * Everything that runs one environment's lifecycle on AWS: the SNS topics and their key, the state
 * table, the Lambdas behind their aliases, the CodeBuild projects and the per-phase job roles, the
 * state machines from their ASL files, the EventBridge Scheduler schedules, the budget, and the
 * dashboard and alarms that watch all of it.
 */
public final class OrchestratorStack extends Stack {

    /** The state machines, by the base name of their file under {@code state-machines/definitions/asl}. */
    public static final List<String> STATE_MACHINES = List.of("lifecycle", "rollback");

    private final Environment env;
    private final Key key;
    private final Topic alarmsTopic;
    private final Topic budgetsTopic;
    private final Topic notificationsTopic;
    private final TableV2 stateTable;
    private final Map<LambdaModule, DayshiftFunction> functions = new EnumMap<>(LambdaModule.class);
    private final Map<PhaseName, Role> jobRoles = new EnumMap<>(PhaseName.class);
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
    private final List<Queue> queues = new ArrayList<>();

    public OrchestratorStack(Construct scope, String id, StackProps props, Environment env, Path configFile,
            Path definitions, LambdaArtifacts artifacts, StateBackendStack state) {
        super(scope, id, props);
        this.env = env;
        this.key = Secure.key(this, "Key", env, "orchestrator");
        // Services that write into this key's topics and queues on this account's behalf.
        Secure.allowService(key, "CloudWatchAlarmsOfThisAccount", "cloudwatch.amazonaws.com",
                arn("cloudwatch", "alarm:*"));
        Secure.allowService(key, "BudgetsOfThisAccount", "budgets.amazonaws.com",
                "arn:" + getPartition() + ":budgets::" + getAccount() + ":*");
        Secure.allowService(key, "SnsDeadLettersOfThisAccount", "sns.amazonaws.com", arn("sns", Names.prefix(env) + "-*"));

        this.alarmsTopic = topic("AlarmsTopic", "alarms", "CloudWatch alarms that trigger rollbacks");
        this.budgetsTopic = topic("BudgetsTopic", "budgets", "AWS Budgets notifications");
        this.notificationsTopic = topic("NotificationsTopic", "notifications", "Dayshift notifications for people");
        allowPublisher(alarmsTopic, "CloudWatchAlarmsOfThisAccount", "cloudwatch.amazonaws.com", arn("cloudwatch", "alarm:*"));
        allowPublisher(notificationsTopic, "CloudWatchAlarmsOfThisAccount", "cloudwatch.amazonaws.com",
                arn("cloudwatch", "alarm:*"));
        allowPublisher(budgetsTopic, "BudgetsOfThisAccount", "budgets.amazonaws.com",
                "arn:" + getPartition() + ":budgets::" + getAccount() + ":*");
        int i = 0;
        for (String email : env.notifications().emails()) {
            Subscription.Builder.create(this, "Email" + i++).topic(notificationsTopic)
                    .protocol(SubscriptionProtocol.EMAIL).endpoint(email).build();
        }

        this.stateTable = TableV2.Builder.create(this, "StateTable")
                .tableName(Names.of(env, "state"))
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .timeToLiveAttribute("ttl") // DynamoDbStateStore.TTL_ATTRIBUTE in functions/aws
                .billing(Billing.onDemand())
                .encryption(TableEncryptionV2.customerManagedKey(key))
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        LayerVersion configLayer = ConfigLayer.create(this, "ConfigLayer", Names.of(env, "config"), configFile, env);

        // CodeBuild: one role per phase (with the shared boundary), one project per phase and tool.
        ManagedPolicy boundary = jobBoundary(state);
        for (PhaseName phaseName : PhaseName.values()) {
            env.phase(phaseName).ifPresent(phase -> jobRole(phase, boundary, state));
        }
        // The lifecycle machine starts <JobProjectPrefix>-<phase>-<tool>: each phase's jobs run in their
        // own project, with that phase's role, source, timeout and logs; the machine cannot pick a role.
        for (PhaseName phaseName : PhaseName.values()) {
            env.phase(phaseName).ifPresent(phase -> {
                Path buildspecFile = Buildspecs.file(definitions, phase.tool());
                if (!Files.isRegularFile(buildspecFile)) {
                    Annotations.of(this).addWarningV2("dayshift:buildspec-missing", "buildspec " + buildspecFile
                            + " does not exist yet: the " + Names.project(env, phaseName, phase.tool()) + " project is not deployed");
                } else {
                    jobProject(phase, definitions, state, configFile);
                }
            });
        }

        // Lambdas. Each gets exactly the variables its handler reads (LambdaSettings and the handlers'
        // Javadoc) and the permissions its calls need. The machines' task Lambdas come first.
        String table = stateTable.getTableName();
        String topicArn = notificationsTopic.getTopicArn();
        DayshiftFunction tasks = function(LambdaModule.LIFECYCLE_TASKS, artifacts, configLayer, Map.of(
                "DAYSHIFT_STATE_TABLE", table,
                "DAYSHIFT_NOTIFICATION_TOPIC_ARN", topicArn,
                "DAYSHIFT_ARTIFACT_BUCKET", state.bucket().getBucketName()));
        grantTable(tasks);
        grantPublish(tasks);
        Grants.readObjects(tasks.role(), state.bucket(), env.name() + "/", state.key());
        Nag.suppressMatching(tasks.role(), "AwsSolutions-IAM5", "The lifecycle tasks read plans and state outputs "
                + "under this environment's prefix of the state bucket; object keys are made per job at run time.",
                List.of("/^Resource::.*\\/" + env.name() + "\\/\\*$/"));
        DayshiftFunction rollbackTasks = function(LambdaModule.ROLLBACK_TASKS, artifacts, configLayer, Map.of(
                "DAYSHIFT_STATE_TABLE", table,
                "DAYSHIFT_NOTIFICATION_TOPIC_ARN", topicArn));
        grantTable(rollbackTasks);
        grantPublish(rollbackTasks);
        rollbackTargets(rollbackTasks);

        // State machines from their files, with substitutions.
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("EnvironmentName", env.name());
        substitutions.put("LifecycleTasksFunctionArn", tasks.alias().getFunctionArn());
        substitutions.put("RollbackTasksFunctionArn", rollbackTasks.alias().getFunctionArn());
        substitutions.put("NotificationsTopicArn", topicArn);
        substitutions.put("NotificationTopicArn", topicArn);
        substitutions.put("JobProjectPrefix", Names.prefix(env));
        substitutions.put("AlarmsTopicArn", alarmsTopic.getTopicArn());
        substitutions.put("StateTableName", table);
        substitutions.put("StateBucketName", state.bucket().getBucketName());
        substitutions.put("ProjectNamePrefix", Names.prefix(env));
        for (String name : STATE_MACHINES) {
            Path file = definitions.resolve("asl").resolve(name + ".asl.json");
            if (!Files.isRegularFile(file)) {
                Annotations.of(this).addWarningV2("dayshift:definition-missing", "state machine definition " + file
                        + " does not exist yet: the " + name + " machine is not deployed");
                continue;
            }
            StateMachine machine = stateMachine(name, AslDefinition.load(file), substitutions);
            stateMachines.put(name, machine);
            substitutions.put(capitalize(name) + "StateMachineArn", machine.getStateMachineArn());
        }

        Optional<StateMachine> lifecycle = Optional.ofNullable(stateMachines.get("lifecycle"));
        Optional<StateMachine> rollback = Optional.ofNullable(stateMachines.get("rollback"));

        Map<String, String> gateVars = new LinkedHashMap<>();
        gateVars.put("DAYSHIFT_STATE_TABLE", table);
        lifecycle.ifPresent(m -> gateVars.put("DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN", m.getStateMachineArn()));
        DayshiftFunction gate = function(LambdaModule.SCHEDULE_GATE, artifacts, configLayer, gateVars);
        grantTable(gate);
        lifecycle.ifPresent(m -> startExecution(gate, m));

        Map<String, String> triggerVars = new LinkedHashMap<>();
        triggerVars.put("DAYSHIFT_STATE_TABLE", table);
        rollback.ifPresent(m -> triggerVars.put("DAYSHIFT_ROLLBACK_STATE_MACHINE_ARN", m.getStateMachineArn()));
        DayshiftFunction trigger = function(LambdaModule.ROLLBACK_TRIGGER, artifacts, configLayer, triggerVars);
        grantTable(trigger);
        rollback.ifPresent(m -> startExecution(trigger, m));

        // SNS subscriptions go to the aliases, with a dead-letter queue for deliveries SNS gives up on.
        Queue subscriptionDlq = deadLetterQueue("SubscriptionDeadLetters", "subscription-dlq",
                "SNS deliveries to the rollback trigger and budget guard that SNS gave up on");
        alarmsTopic.addSubscription(new LambdaSubscription(trigger.alias(),
                LambdaSubscriptionProps.builder().deadLetterQueue(subscriptionDlq).build()));

        // The budget guard (notifications) and its daily check (the Budgets API), for a configured budget.
        Optional<DayshiftFunction> budgetCheck = Optional.empty();
        if (env.budget().isPresent()) {
            Map<String, String> budgetVars = new LinkedHashMap<>(gateVars);
            budgetVars.put("DAYSHIFT_NOTIFICATION_TOPIC_ARN", topicArn);
            DayshiftFunction guard = function(LambdaModule.BUDGET_GUARD, artifacts, configLayer, budgetVars);
            DayshiftFunction check = function(LambdaModule.BUDGET_CHECK, artifacts, configLayer, budgetVars);
            for (DayshiftFunction f : List.of(guard, check)) {
                grantTable(f);
                grantPublish(f);
                lifecycle.ifPresent(m -> startExecution(f, m));
            }
            // DescribeBudget is authorized as budgets:ViewBudget on the budget itself.
            check.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("ReadOwnBudget").effect(Effect.ALLOW).actions(List.of("budgets:ViewBudget"))
                    .resources(List.of("arn:" + getPartition() + ":budgets::" + getAccount() + ":budget/"
                            + env.budget().get().name()))
                    .build());
            budgetsTopic.addSubscription(new LambdaSubscription(guard.alias(),
                    LambdaSubscriptionProps.builder().deadLetterQueue(subscriptionDlq).build()));
            budgetCheck = Optional.of(check);
        }

        schedules(gate, budgetCheck);
        env.budget().ifPresent(this::budget);
        dashboardAndAlarms();

        CfnOutput.Builder.create(this, "AlarmsTopicArn").value(alarmsTopic.getTopicArn())
                .description("Point the runtime's rollback alarms (alarm_actions) here").build();
        CfnOutput.Builder.create(this, "NotificationsTopicArn").value(notificationsTopic.getTopicArn()).build();
        stateMachines.forEach((name, m) -> CfnOutput.Builder.create(this, capitalize(name) + "StateMachineArn")
                .value(m.getStateMachineArn()).build());
    }

    // ---- topics ------------------------------------------------------------------------------

    private Topic topic(String id, String purpose, String display) {
        return Topic.Builder.create(this, id)
                .topicName(Names.of(env, purpose))
                .displayName("Dayshift " + env.name() + ": " + display)
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    /** Lets one AWS service publish to {@code topic}, only on behalf of this account and only from {@code sourceArn}. */
    private void allowPublisher(Topic topic, String sid, String service, String sourceArn) {
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal(service)))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", sourceArn)))
                .build());
    }

    // ---- CodeBuild ---------------------------------------------------------------------------

    private ManagedPolicy jobBoundary(StateBackendStack state) {
        List<PolicyStatement> statements = new ArrayList<>(JobPermissions.boundary(getRegion()));
        statements.add(PolicyStatement.Builder.create().sid("JobsStateAndLogs").effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
                        "s3:GetBucketLocation", "s3:GetObjectVersion", "kms:Decrypt", "kms:Encrypt",
                        "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey", "logs:CreateLogGroup",
                        "logs:CreateLogStream", "logs:PutLogEvents", "codebuild:CreateReportGroup",
                        "codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases",
                        "codebuild:BatchPutCodeCoverages", "dynamodb:GetItem", "dynamodb:PutItem",
                        "dynamodb:DeleteItem", "dynamodb:DescribeTable", "sts:AssumeRole", "iam:PassRole"))
                .resources(List.of(state.bucket().getBucketArn(), state.bucket().arnForObjects(env.name() + "/*"),
                        state.bucket().arnForObjects(Names.terraformStateKey(env, PhaseName.BASE).replaceFirst("[^/]*$", "*")),
                        state.key().getKeyArn(), key.getKeyArn(),
                        arn("logs", "log-group:/aws/codebuild/" + Names.prefix(env) + "-*"),
                        arn("logs", "log-group:/aws/codebuild/" + Names.prefix(env) + "-*:*"),
                        arn("codebuild", "report-group/" + Names.prefix(env) + "-*"),
                        arn("dynamodb", "table/" + Names.of(env, "tflock")),
                        "arn:" + getPartition() + ":s3:::cdk-*-assets-" + getAccount() + "-" + getRegion(),
                        "arn:" + getPartition() + ":s3:::cdk-*-assets-" + getAccount() + "-" + getRegion() + "/*",
                        "arn:" + getPartition() + ":iam::" + getAccount() + ":role/cdk-*-" + getAccount() + "-" + getRegion(),
                        "arn:" + getPartition() + ":iam::" + getAccount() + ":role/" + env.name() + "-*"))
                .build());
        // What no job may ever do, whatever the roles are later given: change Dayshift itself.
        statements.add(PolicyStatement.Builder.create().sid("DenyChangingDayshift").effect(Effect.DENY)
                .actions(List.of("iam:*", "lambda:*", "states:*", "codebuild:*", "scheduler:*", "sns:*",
                        "sqs:*", "dynamodb:*", "cloudformation:*"))
                .resources(List.of(
                        "arn:" + getPartition() + ":iam::" + getAccount() + ":role/" + Names.prefix(env) + "-*",
                        "arn:" + getPartition() + ":iam::" + getAccount() + ":policy/" + Names.prefix(env) + "-*",
                        arn("lambda", "function:" + Names.prefix(env) + "-*"),
                        arn("states", "stateMachine:" + Names.prefix(env) + "-*"),
                        arn("codebuild", "project/" + Names.prefix(env) + "-*"),
                        arn("scheduler", "schedule/" + Names.prefix(env) + "/*"),
                        arn("sns", Names.prefix(env) + "-*"),
                        arn("sqs", Names.prefix(env) + "-*"),
                        arn("dynamodb", "table/" + Names.of(env, "state")),
                        arn("cloudformation", "stack/" + Names.prefix(env) + "-*/*")))
                .build());
        statements.add(PolicyStatement.Builder.create().sid("DenyWeakeningStateBackend").effect(Effect.DENY)
                .actions(List.of("s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                        "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration",
                        "s3:PutBucketPublicAccessBlock", "s3:DeleteObjectVersion", "kms:ScheduleKeyDeletion",
                        "kms:DisableKey", "kms:PutKeyPolicy"))
                .resources(List.of(state.bucket().getBucketArn(), state.bucket().arnForObjects("*"),
                        state.key().getKeyArn(), key.getKeyArn()))
                .build());
        statements.add(PolicyStatement.Builder.create().sid("DenyRemovingBoundaries").effect(Effect.DENY)
                .actions(List.of("iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary",
                        "iam:DeleteUserPermissionsBoundary", "iam:PutUserPermissionsBoundary"))
                .resources(List.of("*"))
                .build());
        ManagedPolicy boundary = ManagedPolicy.Builder.create(this, "JobsBoundary")
                .managedPolicyName(Names.of(env, "jobs-boundary"))
                .description("Permissions boundary of Dayshift " + env.name() + "'s phase jobs")
                .statements(statements)
                .build();
        Nag.suppress(boundary, "AwsSolutions-IAM5", "A permissions boundary caps what the phase roles may do; its "
                + "wildcards are the union of both phases' job permissions (Resource * for the reason in "
                + "JobPermissions.REASON) and explicit denies.");
        return boundary;
    }

    /** The role of one phase's jobs: that phase's permissions, under the shared boundary. */
    private void jobRole(Phase phase, ManagedPolicy boundary, StateBackendStack state) {
        PhaseName p = phase.name();
        String phaseId = capitalize(p.name());
        Role role = Role.Builder.create(this, phaseId + "JobsRole")
                .roleName(Names.jobRole(env, p))
                .description("Dayshift " + env.name() + " " + p.name().toLowerCase(Locale.ROOT) + " phase jobs")
                .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
                .permissionsBoundary(boundary)
                .build();
        JobPermissions.allow(p, getRegion()).forEach(role::addToPrincipalPolicy);
        JobPermissions.denyOtherPhase(p).forEach(role::addToPrincipalPolicy);
        // Plan artifacts under its own prefix, and its Terraform state and lockfile; the runtime also
        // reads the base's artifacts and state (its outputs).
        PhaseName otherPhase = p == PhaseName.BASE ? PhaseName.RUNTIME : PhaseName.BASE;
        Grants.readWriteObjects(role, state.bucket(), Names.stateKeyPrefix(env, p), state.key());
        Grants.terraformState(role, state.bucket(), Names.terraformStateKey(env, p), state.key());
        if (p == PhaseName.RUNTIME) {
            Grants.readObjects(role, state.bucket(), Names.stateKeyPrefix(env, PhaseName.BASE), state.key());
            Grants.readObjects(role, state.bucket(), Names.terraformStateKey(env, PhaseName.BASE), state.key());
        }
        role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("DenyWritingOtherPhaseState")
                .effect(Effect.DENY).actions(List.of("s3:PutObject", "s3:DeleteObject"))
                .resources(List.of(state.bucket().arnForObjects(Names.stateKeyPrefix(env, otherPhase) + "*"),
                        state.bucket().arnForObjects(Names.terraformStateKey(env, otherPhase) + "*")))
                .build());
        state.lockTable().ifPresent(t -> role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("TerraformLockTable").effect(Effect.ALLOW)
                .actions(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"))
                .resources(List.of(t.getTableArn()))
                .build()));
        if (phase.tool() == dev.dayshift.core.config.Tool.CDK) {
            // cdk deploy works through the account's CDK bootstrap roles.
            role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("CdkBootstrapRoles").effect(Effect.ALLOW)
                    .actions(List.of("sts:AssumeRole"))
                    .resources(List.of("arn:" + getPartition() + ":iam::" + getAccount() + ":role/cdk-*-"
                            + getAccount() + "-" + getRegion()))
                    .build());
        }
        if (p == PhaseName.RUNTIME) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("PassRuntimeTaskRoles").effect(Effect.ALLOW)
                    .actions(List.of("iam:PassRole"))
                    .resources(List.of(runtimeTaskRoles()))
                    .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                    .build());
        }
        jobRoles.put(p, role);
        Nag.suppress(role, "AwsSolutions-IAM5", JobPermissions.REASON);
    }

    /**
     * The project of one phase, {@code <JobProjectPrefix>-<phase>-<tool>} as the lifecycle machine
     * starts it, running with that phase's role. Its source is the phase directory, placed at its
     * path relative to the configuration file: the jobs {@code cd $CODEBUILD_SRC_DIR/$DAYSHIFT_DIRECTORY}.
     */
    private void jobProject(Phase phase, Path definitions, StateBackendStack state, Path configFile) {
        PhaseName p = phase.name();
        dev.dayshift.core.config.Tool tool = phase.tool();
        String id = capitalize(p.name()) + capitalize(tool.id());
        Role role = jobRoles.get(p);
        String name = Names.project(env, p, tool);
        LogGroup logs = Secure.logGroup(this, id + "JobsLogs", "/aws/codebuild/" + name, key, Secure.retention(env));
        Map<String, BuildEnvironmentVariable> variables = new LinkedHashMap<>();
        // Per project; the machine sets the per-job ones (DAYSHIFT_ENVIRONMENT, _PHASE, _ACTION, TF_VAR_...).
        variables.put("DAYSHIFT_STATE_BUCKET", plain(state.bucket().getBucketName()));
        variables.put("DAYSHIFT_STATE_KMS_KEY_ARN", plain(state.key().getKeyArn()));
        state.lockTable().ifPresent(t -> variables.put("DAYSHIFT_LOCK_TABLE", plain(t.getTableName())));

        Project.Builder project = Project.Builder.create(this, id + "Project")
                .projectName(name)
                .description("Dayshift " + env.name() + ": " + p.id() + " phase " + tool.id() + " jobs")
                .role(role)
                .encryptionKey(key)
                .buildSpec(Buildspecs.load(definitions, tool))
                .environment(BuildEnvironment.builder()
                        .buildImage(LinuxBuildImage.STANDARD_7_0)
                        .computeType(ComputeType.SMALL)
                        .privileged(false)
                        .build())
                .environmentVariables(variables)
                .timeout(Duration.minutes(Math.max(5, Math.min(2160, phase.timeout().toMinutes()))))
                .queuedTimeout(Duration.hours(1))
                .concurrentBuildLimit(1)
                .logging(LoggingOptions.builder().cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logs).build()).build());
        Optional<Path> staged = PhaseSources.stage(env, phase, configFile);
        if (staged.isPresent()) {
            Asset source = Asset.Builder.create(this, id + "Source").path(staged.get().toString()).build();
            role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
                    .resources(List.of(source.getBucket().arnForObjects(source.getS3ObjectKey()))).build());
            project.source(Source.s3(S3SourceProps.builder().bucket(source.getBucket()).path(source.getS3ObjectKey()).build()));
        } else {
            Annotations.of(this).addWarningV2("dayshift:phase-source-missing", "the " + p.id()
                    + " phase directory " + phase.directory() + " does not exist here: its project has no source "
                    + "and its jobs must be given one when started (StartBuild sourceLocationOverride)");
        }
        projects.put(name, project.build());
    }

    // ---- Lambdas -----------------------------------------------------------------------------

    private DayshiftFunction function(LambdaModule module, LambdaArtifacts artifacts, LayerVersion configLayer,
            Map<String, String> variables) {
        DayshiftFunction f = new DayshiftFunction(this, capitalize(module.function()), module, artifacts.jar(module),
                env, key, configLayer, variables, notificationsTopic);
        functions.put(module, f);
        queues.add(f.failures());
        return f;
    }

    /** Item reads and writes on the state table (every function keeps its records there). */
    private void grantTable(DayshiftFunction f) {
        Grants.tableItems(f.role(), stateTable.getTableArn(), key);
    }

    /** Publishing to the notifications topic (the functions that build an SnsNotifier). */
    private void grantPublish(DayshiftFunction f) {
        Grants.publish(f.role(), notificationsTopic, key);
    }

    /** Lets a function start executions of {@code machine} (whose data is encrypted with this stack's key). */
    private void startExecution(DayshiftFunction f, StateMachine machine) {
        f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("states:StartExecution")).resources(List.of(machine.getStateMachineArn())).build());
        f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt")).resources(List.of(key.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:EncryptionContext:aws:states:stateMachineArn",
                        machine.getStateMachineArn())))
                .build());
    }

    // ---- state machines ----------------------------------------------------------------------

    private StateMachine stateMachine(String name, AslDefinition definition, Map<String, String> available) {
        String id = capitalize(name);
        String machineName = Names.of(env, name);
        LogGroup logs = Secure.logGroup(this, id + "MachineLogs", "/aws/vendedlogs/states/" + machineName, key,
                Secure.retention(env));
        Role role = Role.Builder.create(this, id + "MachineRole")
                .roleName(Names.of(env, name + "-machine"))
                .description("Dayshift " + env.name() + " " + name + " state machine")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .build();
        Integrations.Scope scope = new Integrations.Scope(
                available,
                functions.values().stream().map(f -> f.alias().getFunctionArn()).toList(),
                projects.values().stream().map(Project::getProjectArn).toList(),
                List.of(notificationsTopic.getTopicArn()),
                machineExecutions(),
                arn("states", "execution:" + Names.prefix(env) + "-*:*"),
                List.of(stateTable.getTableArn()),
                ecsServices(),
                rollbackAlarms(),
                "arn:" + getPartition() + ":%s:" + getRegion() + ":" + getAccount() + ":");
        Map<String, String> substitutions = definition.substitutions(available); // names any missing placeholder
        Integrations.statementsFor(definition, scope).forEach(role::addToPrincipalPolicy);
        // A child machine's executions are encrypted with this stack's key: starting one needs a data
        // key and following it needs to decrypt, both only in that machine's encryption context.
        for (String child : Integrations.startedMachines(definition, scope)) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of("kms:GenerateDataKey", "kms:Decrypt")).resources(List.of(key.getKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of("kms:EncryptionContext:aws:states:stateMachineArn", child)))
                    .build());
        }
        StateMachine machine = StateMachine.Builder.create(this, id + "Machine")
                .stateMachineName(machineName)
                .definitionBody(DefinitionBody.fromString(definition.text()))
                .definitionSubstitutions(substitutions)
                .role(role)
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .encryptionConfiguration(new CustomerManagedEncryptionConfiguration(key, Duration.minutes(5)))
                .build();
        // cfn-lint 1.51's ASL schema (E3601) rejects OutputPath on Succeed states, which the ASL
        // specification allows; the definitions are held to asl-validator instead (tests and docs/deploy.md).
        ((software.amazon.awscdk.CfnResource) machine.getNode().getDefaultChild()).addMetadata("cfn-lint",
                Map.of("config", Map.of("ignore_checks", List.of("E3601"))));
        Nag.suppress(role, "AwsSolutions-IAM5", WildcardReasons.XRAY + " " + WildcardReasons.LOG_DELIVERY + " "
                + WildcardReasons.DESCRIBE + " Execution ARNs are only known at run time, so DescribeExecution and "
                + "StopExecution of a child machine are scoped to that machine's executions by name.");
        return machine;
    }

    /** The environment's machines built so far, each with the ARN pattern of its executions. */
    private Map<String, String> machineExecutions() {
        Map<String, String> out = new LinkedHashMap<>();
        stateMachines.forEach((name, m) -> out.put(m.getStateMachineArn(),
                arn("states", "execution:" + Names.of(env, name) + ":*")));
        return out;
    }

    /**
     * What the rollback tasks call for this environment's rollback targets: DescribeServices,
     * UpdateService and ListServiceDeployments on the configured ECS services, DescribeServiceRevisions
     * on their revisions, passing the runtime's task roles back to ECS, CloudWatch DescribeAlarms, and
     * failing the rollback machine's approval task when another approval is pending.
     */
    private void rollbackTargets(DayshiftFunction f) {
        List<String> services = ecsServices();
        List<String> wildcards = new ArrayList<>();
        if (!services.isEmpty()) {
            f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().sid("RollbackEcsServices")
                    .effect(Effect.ALLOW)
                    .actions(List.of("ecs:DescribeServices", "ecs:UpdateService", "ecs:ListServiceDeployments"))
                    .resources(services).build());
            f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().sid("RollbackEcsServiceRevisions")
                    .effect(Effect.ALLOW).actions(List.of("ecs:DescribeServiceRevisions"))
                    .resources(services.stream().map(s -> s.replace(":service/", ":service-revision/") + "/*").toList())
                    .build());
            wildcards.add("/^Resource::.*:service-revision\\/.*\\/\\*$/");
            // UpdateService moves a service onto a task definition whose task and execution roles ECS
            // assumes: the same roles the runtime's jobs may pass (named <env>-*, only to ECS tasks).
            f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().sid("PassRuntimeTaskRoles")
                    .effect(Effect.ALLOW).actions(List.of("iam:PassRole"))
                    .resources(List.of(runtimeTaskRoles()))
                    .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                    .build());
            wildcards.add("/^Resource::.*:role\\/" + env.name() + "-\\*$/");
        }
        if (!env.rollback().targets().isEmpty()) {
            f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().sid("ReadAlarmStates")
                    .effect(Effect.ALLOW).actions(List.of("cloudwatch:DescribeAlarms"))
                    .resources(List.of("*")).build());
            wildcards.add("/^Resource::\\*$/");
        }
        // Step Functions evaluates task-token calls against the machine that issued the token. The ARN
        // is built from the name: a reference would make the function depend on the machine that
        // invokes it.
        f.role().addToPrincipalPolicy(PolicyStatement.Builder.create().sid("AnswerRollbackApprovals")
                .effect(Effect.ALLOW).actions(List.of("states:SendTaskFailure"))
                .resources(List.of(arn("states", "stateMachine:" + Names.of(env, "rollback")))).build());
        if (!wildcards.isEmpty()) {
            Nag.suppressMatching(f.role(), "AwsSolutions-IAM5", "The rollback tasks read the revisions of the "
                    + "configured ECS services (revision ids are made by ECS at run time), pass the runtime's task "
                    + "roles (named " + env.name() + "-*, only to ECS tasks) when moving a service back, and read "
                    + "alarm states: " + WildcardReasons.COMPOSITE_ALARMS, wildcards);
        }
    }

    /** The roles the runtime's ECS tasks run with: named {@code <env>-*} by the runtime's own code. */
    private String runtimeTaskRoles() {
        return "arn:" + getPartition() + ":iam::" + getAccount() + ":role/" + env.name() + "-*";
    }

    private List<String> ecsServices() {
        List<String> out = new ArrayList<>();
        for (RollbackTarget t : env.rollback().targets()) {
            if (t.kind() == RollbackTarget.Kind.ECS_SERVICE && t.cluster().isPresent() && t.service().isPresent()) {
                String service = t.service().get();
                if (service.startsWith("arn:")) {
                    out.add(service);
                } else {
                    String cluster = t.cluster().get();
                    String clusterName = cluster.startsWith("arn:") ? cluster.substring(cluster.lastIndexOf('/') + 1) : cluster;
                    out.add(arn("ecs", "service/" + clusterName + "/" + service));
                }
            }
        }
        return out;
    }

    private List<String> rollbackAlarms() {
        return env.rollback().targets().stream().flatMap(t -> t.alarms().stream())
                .map(a -> arn("cloudwatch", "alarm:" + a)).toList();
    }

    // ---- schedules ---------------------------------------------------------------------------

    /** When the daily budget check runs, in the environment's zone: before a typical morning start. */
    public static final String BUDGET_CHECK_SCHEDULE = "cron(0 6 * * ? *)";

    /**
     * The environment's schedules, in its time zone with the flexible window off, each retried and
     * dead-lettered: {@code up}/{@code down} to the schedule gate (with the fire time, which the gate
     * uses to recognise a redelivery), and the daily budget check.
     */
    private void schedules(DayshiftFunction gate, Optional<DayshiftFunction> budgetCheck) {
        if (env.schedule().up().isEmpty() && env.schedule().down().isEmpty() && budgetCheck.isEmpty()) {
            return;
        }
        ScheduleGroup group = ScheduleGroup.Builder.create(this, "ScheduleGroup")
                .scheduleGroupName(Names.prefix(env))
                .build();
        Queue dlq = deadLetterQueue("ScheduleDeadLetters", "schedule-dlq",
                "scheduled invocations EventBridge Scheduler could not deliver after its retries");
        Role role = Role.Builder.create(this, "SchedulerRole")
                .roleName(Names.of(env, "scheduler"))
                .description("EventBridge Scheduler invoking Dayshift " + env.name() + "'s schedule gate and budget check")
                .assumedBy(ServicePrincipal.Builder.create("scheduler.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", getAccount()))).build())
                .build();
        Map<String, Optional<String>> expressions = new LinkedHashMap<>();
        expressions.put("up", env.schedule().up());
        expressions.put("down", env.schedule().down());
        expressions.forEach((desired, expression) -> expression.ifPresent(expr -> {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("environment", env.name());
            input.put("desired", desired);
            input.put("scheduledAt", ContextAttribute.getScheduledTime());
            schedule(capitalize(desired) + "Schedule", desired, "bring the runtime " + desired, expr,
                    env.schedule().enabled(), gate, input, group, role, dlq);
        }));
        budgetCheck.ifPresent(check -> {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("environment", env.name());
            input.put("check", "budget");
            input.put("scheduledAt", ContextAttribute.getScheduledTime());
            schedule("BudgetCheckSchedule", "budget-check", "check the budget's actual and forecast spend",
                    BUDGET_CHECK_SCHEDULE, true, check, input, group, role, dlq);
        });
        Metric targetErrors = Metric.Builder.create().namespace("AWS/Scheduler").metricName("TargetErrorCount")
                .dimensionsMap(Map.of("ScheduleGroup", Names.prefix(env))).statistic("Sum")
                .period(Duration.minutes(5)).build();
        Metric dropped = Metric.Builder.create().namespace("AWS/Scheduler").metricName("InvocationDroppedCount")
                .dimensionsMap(Map.of("ScheduleGroup", Names.prefix(env))).statistic("Sum")
                .period(Duration.minutes(5)).build();
        Alarms.atLeastOne(this, "ScheduleTargetErrorsAlarm", Names.of(env, "schedule-target-errors"),
                "EventBridge Scheduler could not invoke the schedule gate", targetErrors, notificationsTopic);
        Alarms.atLeastOne(this, "ScheduleDroppedAlarm", Names.of(env, "schedule-dropped"),
                "EventBridge Scheduler dropped a scheduled invocation", dropped, notificationsTopic);
    }

    private void schedule(String id, String suffix, String what, String expression, boolean enabled,
            DayshiftFunction target, Map<String, Object> input, ScheduleGroup group, Role role, Queue dlq) {
        Schedule.Builder.create(this, id)
                .scheduleName(Names.of(env, suffix))
                .description("Dayshift " + env.name() + ": " + what)
                .scheduleGroup(group)
                .schedule(ScheduleExpression.expression(expression, software.amazon.awscdk.TimeZone.of(env.zone().getId())))
                .timeWindow(TimeWindow.off())
                .enabled(enabled)
                .key(key)
                .target(new LambdaInvoke(target.alias(), ScheduleTargetBaseProps.builder()
                        .input(ScheduleTargetInput.fromObject(input))
                        .role(role)
                        .deadLetterQueue(dlq)
                        .retryAttempts(3)
                        .maxEventAge(Duration.hours(1))
                        .build()))
                .build();
    }

    // ---- budget ------------------------------------------------------------------------------

    private void budget(BudgetPolicy policy) {
        List<CfnBudget.NotificationWithSubscribersProperty> notifications = new ArrayList<>();
        List<BudgetAlert> alerts = new ArrayList<>(policy.alerts());
        // Both kinds always exist: AWS's own signal of overspend and its forecast, at 100 %.
        for (BudgetAlert.NotificationType type : BudgetAlert.NotificationType.values()) {
            if (alerts.stream().noneMatch(a -> a.notificationType() == type)) {
                alerts.add(new BudgetAlert(BigDecimal.valueOf(100), BudgetAlert.ThresholdType.PERCENTAGE, type,
                        java.util.Set.of(dev.dayshift.core.config.BudgetAction.NOTIFY)));
            }
        }
        for (BudgetAlert a : alerts) {
            notifications.add(CfnBudget.NotificationWithSubscribersProperty.builder()
                    .notification(CfnBudget.NotificationProperty.builder()
                            .notificationType(a.notificationType().name())
                            .comparisonOperator("GREATER_THAN")
                            .threshold(a.threshold())
                            .thresholdType(a.thresholdType().name())
                            .build())
                    .subscribers(List.of(CfnBudget.SubscriberProperty.builder()
                            .subscriptionType("SNS").address(budgetsTopic.getTopicArn()).build()))
                    .build());
        }
        CfnBudget.Builder.create(this, "Budget")
                .budget(CfnBudget.BudgetDataProperty.builder()
                        .budgetName(policy.name())
                        .budgetType("COST")
                        .timeUnit(policy.period().name())
                        .budgetLimit(CfnBudget.SpendProperty.builder().amount(policy.limit()).unit(policy.unit()).build())
                        .costFilters(Map.of("TagKeyValue", List.of("user:Environment$" + env.name())))
                        .build())
                .notificationsWithSubscribers(notifications)
                // CDK's tag aspect does not reach budgets; their tags are set here.
                .resourceTags(DayshiftStacks.tags(env).entrySet().stream()
                        .map(t -> CfnBudget.ResourceTagProperty.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())
                .build();
    }

    // ---- dashboard and alarms ----------------------------------------------------------------

    private void dashboardAndAlarms() {
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(Names.prefix(env))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Dayshift " + env.name() + "\nLifecycle executions, Lambda health, dead letters and schedules.")
                .width(24).height(2).build());
        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).build();
        List<IMetric> executions = new ArrayList<>();
        stateMachines.forEach((name, machine) -> {
            executions.add(machine.metricStarted(fiveMinutes));
            executions.add(machine.metricSucceeded(fiveMinutes));
            executions.add(machine.metricFailed(fiveMinutes));
            String id = capitalize(name);
            Alarms.atLeastOne(this, id + "FailedAlarm", Names.of(env, name + "-failed"),
                    "a " + name + " execution failed", machine.metricFailed(fiveMinutes), notificationsTopic);
            Alarms.atLeastOne(this, id + "TimedOutAlarm", Names.of(env, name + "-timed-out"),
                    "a " + name + " execution timed out", machine.metricTimedOut(fiveMinutes), notificationsTopic);
            Alarms.atLeastOne(this, id + "AbortedAlarm", Names.of(env, name + "-aborted"),
                    "a " + name + " execution was aborted", machine.metricAborted(fiveMinutes), notificationsTopic);
        });
        if (!executions.isEmpty()) {
            dashboard.addWidgets(GraphWidget.Builder.create().title("Executions").left(executions).width(24).build());
        }
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.values().forEach(f -> {
            errors.add(f.function().metricErrors(fiveMinutes));
            durations.add(f.function().metricDuration(MetricOptions.builder().period(Duration.minutes(5))
                    .statistic("p99").build()));
        });
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Lambda errors").left(errors).width(12).build(),
                GraphWidget.Builder.create().title("Lambda duration p99").left(durations).width(12).build());
        List<IMetric> depths = new ArrayList<>();
        for (Queue q : queues) {
            depths.add(q.metricApproximateNumberOfMessagesVisible(fiveMinutes));
        }
        dashboard.addWidgets(GraphWidget.Builder.create().title("Dead letters").left(depths).width(12).build(),
                GraphWidget.Builder.create().title("Schedules").left(List.of(
                        schedulerMetric("InvocationAttemptCount"), schedulerMetric("TargetErrorCount"),
                        schedulerMetric("InvocationDroppedCount"),
                        schedulerMetric("InvocationsSentToDeadLetterCount"))).width(12).build());
    }

    /** A dead-letter queue of this stack, with its depth alarm and a place on the dashboard. */
    private Queue deadLetterQueue(String id, String suffix, String whatFor) {
        Queue queue = Secure.deadLetterQueue(this, id, Names.of(env, suffix), key, whatFor);
        Alarms.queueDepth(this, id + "Alarm", queue, Names.of(env, suffix + "-depth"),
                "a message landed in the dead-letter queue for " + whatFor, notificationsTopic);
        queues.add(queue);
        return queue;
    }

    private Metric schedulerMetric(String name) {
        return Metric.Builder.create().namespace("AWS/Scheduler").metricName(name)
                .dimensionsMap(Map.of("ScheduleGroup", Names.prefix(env))).statistic("Sum")
                .period(Duration.minutes(5)).build();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String arn(String service, String rest) {
        return "arn:" + getPartition() + ":" + service + ":" + getRegion() + ":" + getAccount() + ":" + rest;
    }

    private static BuildEnvironmentVariable plain(String value) {
        return BuildEnvironmentVariable.builder().value(value).build();
    }

    private static String capitalize(String s) {
        StringBuilder out = new StringBuilder();
        for (String part : s.toLowerCase(Locale.ROOT).split("[-_]")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    public Environment dayshiftEnvironment() {
        return env;
    }

    public Topic alarmsTopic() {
        return alarmsTopic;
    }

    public Topic budgetsTopic() {
        return budgetsTopic;
    }

    public Topic notificationsTopic() {
        return notificationsTopic;
    }

    public Map<LambdaModule, DayshiftFunction> functions() {
        return Map.copyOf(functions);
    }

    public Map<String, StateMachine> stateMachines() {
        return Map.copyOf(stateMachines);
    }

    public Map<PhaseName, Role> jobRoles() {
        return Map.copyOf(jobRoles);
    }
}
