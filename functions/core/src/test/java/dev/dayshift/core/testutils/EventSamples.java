package dev.dayshift.core.testutils;

import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import java.nio.file.Path;

/**
 * Configuration and message bodies in the shapes AWS documents, for tests of the rollback trigger and
 * the budget guard (and of the handlers and the replay built on them).
 */
public final class EventSamples {

    private EventSamples() {
    }

    /** Three environments: dev (ECS target, stop-runtime at 100%), staging (block at 90%), prod (protected). */
    public static final String CONFIG_YAML = """
            version: 1
            defaults: {region: us-east-1, timezone: America/New_York}
            environments:
              dev:
                account: "111111111111"
                phases:
                  runtime: {tool: terraform, directory: infra/runtime}
                budget:
                  limit: 400
                  alerts:
                    - {threshold: 80, type: forecasted, actions: [notify]}
                    - {threshold: 100, type: actual, actions: [notify, stop-runtime, block-starts]}
                rollback:
                  cooldown: 30m
                  targets:
                    - {name: api, type: ecs-service, cluster: dev-cluster, service: api, alarms: [dev-api-5xx, dev-api-latency]}
              staging:
                phases:
                  runtime: {tool: cdk, directory: infra/cdk}
                budget:
                  limit: 900
                  period: quarterly
                  alerts:
                    - {threshold: 500, thresholdType: absolute_value, type: actual, actions: [notify]}
                    - {threshold: 90, type: actual, actions: [block-starts]}
                rollback:
                  targets:
                    - {name: runtime, type: infrastructure, alarms: [staging-health]}
              prod:
                protected: true
                phases:
                  runtime: {tool: terraform, directory: infra/runtime}
                budget:
                  limit: 5000
                  alerts:
                    - {threshold: 100, type: forecasted, actions: [notify]}
                    - {threshold: 110, type: actual, actions: [notify, block-starts]}
                rollback:
                  targets:
                    - {name: api, type: ecs-service, cluster: prod-cluster, service: api, alarms: [prod-api-5xx]}
                    - {name: runtime, type: infrastructure, alarms: [prod-composite-health]}
            """;

    /** {@link #CONFIG_YAML}, loaded. */
    public static DayshiftConfig config() {
        return ConfigLoader.parse(CONFIG_YAML, "dayshift.yaml", Path.of("dayshift.yaml"), Path.of("/tmp"));
    }

    /** A metric alarm's SNS message body, as CloudWatch publishes it. */
    public static String metricAlarm(String name, String newState, String oldState, String changeTime) {
        return """
                {"AlarmName":"%1$s","AlarmDescription":"5xx responses above 2%% for 3 minutes","AWSAccountId":"111111111111",\
                "AlarmConfigurationUpdatedTimestamp":"2026-02-01T10:00:00.000+0000","NewStateValue":"%2$s",\
                "NewStateReason":"Threshold Crossed: 3 out of the last 3 datapoints [4.1 (09/03/26 14:04:00)] were greater than the threshold (2.0) (minimum 3 datapoints for OK -> ALARM transition).",\
                "StateChangeTime":"%4$s","Region":"US East (N. Virginia)",\
                "AlarmArn":"arn:aws:cloudwatch:us-east-1:111111111111:alarm:%1$s","OldStateValue":"%3$s",\
                "OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:111111111111:dayshift-alarms"],"InsufficientDataActions":[],\
                "Trigger":{"MetricName":"HTTPCode_Target_5XX_Count","Namespace":"AWS/ApplicationELB","StatisticType":"Statistic",\
                "Statistic":"SUM","Unit":null,"Dimensions":[{"value":"app/dev-alb/50dc6c495c0c9188","name":"LoadBalancer"}],\
                "Period":60,"EvaluationPeriods":3,"DatapointsToAlarm":3,"ComparisonOperator":"GreaterThanThreshold",\
                "Threshold":2.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}""".formatted(
                name, newState, oldState, changeTime);
    }

    /** A composite alarm's SNS message body. */
    public static String compositeAlarm(String name, String newState, String oldState, String changeTime) {
        return """
                {"AlarmName":"%1$s","AlarmDescription":"Runtime unhealthy","AWSAccountId":"333333333333",\
                "NewStateValue":"%2$s","NewStateReason":"arn:aws:cloudwatch:us-east-1:333333333333:alarm:prod-api-5xx transitioned to ALARM at Monday 09 March, 2026 14:05:00 UTC",\
                "StateChangeTime":"%4$s","Region":"US East (N. Virginia)",\
                "AlarmArn":"arn:aws:cloudwatch:us-east-1:333333333333:alarm:%1$s","OldStateValue":"%3$s",\
                "OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:333333333333:dayshift-alarms"],"InsufficientDataActions":[],\
                "AlarmRule":"ALARM(\\"prod-api-5xx\\") OR ALARM(\\"prod-db-cpu\\")",\
                "TriggeringChildren":[{"Arn":"arn:aws:cloudwatch:us-east-1:333333333333:alarm:prod-api-5xx",\
                "State":{"Value":"ALARM","Timestamp":"%4$s"}}]}""".formatted(name, newState, oldState, changeTime);
    }

    /** An AWS Budgets SNS message, as Budgets publishes it (plain text). */
    public static String budget(String name, String type, String budgeted, String threshold, String amount) {
        return "AWS Budget Notification March 09, 2026\nAWS Account 111111111111\n\nDear AWS Customer,\n\n"
                + "You requested that we alert you when the " + type + " Cost associated with your " + name
                + " budget is greater than " + threshold + " for the current month. The " + type
                + " Cost associated with this budget is " + amount + ". You can find additional details below and by"
                + " accessing the AWS Budgets dashboard [1].\n\n"
                + "Budget Name: " + name + "\nBudget Type: Cost\nBudgeted Amount: " + budgeted + "\nAlert Type: " + type
                + "\nAlert Threshold: > " + threshold + "\n" + type + " Amount: " + amount + "\n\n"
                + "[1] https://console.aws.amazon.com/billing/home#/budgets\n";
    }
}
