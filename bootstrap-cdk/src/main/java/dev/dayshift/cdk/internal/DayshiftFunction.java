package dev.dayshift.cdk.internal;

import dev.dayshift.core.config.Environment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * One Dayshift Lambda as it must be deployed: {@code java21} with SnapStart on published versions,
 * an alias ({@value #ALIAS}) on the current version that every caller uses, an on-failure
 * destination queue for asynchronous invocations, its own role and encrypted log group with
 * retention, JSON logs, X-Ray tracing, and alarms on errors, throttles and its failure queue.
 */
public final class DayshiftFunction extends Construct {

    /** The alias every caller (state machines, SNS, Scheduler, SQS) invokes. */
    public static final String ALIAS = "live";
    /** Where the configuration layer puts the configuration file inside the function. */
    public static final String CONFIG_PATH = "/opt/dayshift/dayshift.yaml";

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final Queue failures;

    /**
     * @param module which function
     * @param jar its deployable jar (see {@link LambdaArtifacts})
     * @param env the environment it serves
     * @param key encrypts its log group and failure queue
     * @param configLayer holds the configuration file at {@link #CONFIG_PATH}; null for a function that
     *     does not read it
     * @param variables environment variables besides the common ones
     * @param alarmTopic where its alarms notify
     */
    public DayshiftFunction(Construct scope, String id, LambdaModule module, Path jar, Environment env, Key key,
            ILayerVersion configLayer, Map<String, String> variables, ITopic alarmTopic) {
        super(scope, id);
        String name = Names.of(env, module.function());
        LogGroup logGroup = Secure.logGroup(this, "Logs", "/aws/lambda/" + name, key, Secure.retention(env));
        this.role = Role.Builder.create(this, "Role")
                .roleName(name)
                .description("Dayshift " + env.name() + " " + module.function() + " Lambda")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logGroup.grantWrite(role);
        this.failures = Secure.deadLetterQueue(this, "Failures", name + "-failures", key,
                "the on-failure destination of " + name + "'s asynchronous invocations");

        Grants.send(role, failures, key);

        // Only what the handler reads (DayshiftStacksTest holds every function to its handler's sources).
        Map<String, String> environment = new LinkedHashMap<>();
        if (configLayer != null) {
            environment.put("DAYSHIFT_CONFIG", CONFIG_PATH);
        }
        environment.putAll(variables);
        this.function = Function.Builder.create(this, "Function")
                .functionName(name)
                .description("Dayshift " + env.name() + ": " + module.function())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(module.handler())
                .code(Code.fromAsset(jar.toString()))
                .memorySize(module.memoryMb())
                .timeout(Duration.seconds(module.timeout().toSeconds()))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .systemLogLevelV2(SystemLogLevel.WARN)
                .tracing(Tracing.ACTIVE)
                .layers(configLayer == null ? List.of() : List.of(configLayer))
                .environment(environment)
                .build();
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .onFailure(new Grants.QueueDestination(failures))
                .retryAttempts(2)
                .maxEventAge(Duration.hours(6))
                .build();

        SnsAction notify = new SnsAction(alarmTopic);
        Alarm errors = Alarm.Builder.create(this, "ErrorsAlarm")
                .alarmName(name + "-errors")
                .alarmDescription(name + " returned errors")
                .metric(function.metricErrors(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                        .period(Duration.minutes(5)).build()))
                .threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        errors.addAlarmAction(notify);
        Alarm throttles = Alarm.Builder.create(this, "ThrottlesAlarm")
                .alarmName(name + "-throttles")
                .alarmDescription(name + " was throttled")
                .metric(function.metricThrottles(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                        .period(Duration.minutes(5)).build()))
                .threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        throttles.addAlarmAction(notify);
        Alarms.queueDepth(this, "FailuresAlarm", failures, name + "-failures-depth",
                "an asynchronous invocation of " + name + " failed after its retries", alarmTopic);

        Nag.suppress(function, "AwsSolutions-L1", "Dayshift's functions target java21, the runtime its build "
                + "(--release 21) and SnapStart priming are made and measured for; moving to a newer Java runtime "
                + "is a deliberate upgrade, not a default.");
        Nag.suppress(role, "AwsSolutions-IAM5", WildcardReasons.XRAY, List.of("Resource::*"));
    }

    public Function function() {
        return function;
    }

    /** The alias callers must use (never the function or $LATEST). */
    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    /** The on-failure destination queue. */
    public Queue failures() {
        return failures;
    }
}
