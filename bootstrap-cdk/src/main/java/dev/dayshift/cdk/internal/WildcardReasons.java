package dev.dayshift.cdk.internal;

import java.util.Map;

/**
 * Why some IAM statements have {@code "Resource": "*"}: the actions below cannot be scoped to a
 * resource (the service has no resource-level permissions for them). Every such statement the app
 * makes, and every cdk-nag suppression of it, cites one of these; the tests check that no other
 * action is ever granted on every resource.
 */
public final class WildcardReasons {

    /** X-Ray trace writes: X-Ray has no resource-level permissions. */
    public static final String XRAY = "X-Ray's PutTraceSegments/PutTelemetryRecords (and the sampling reads) "
            + "support no resource-level permissions, so active tracing needs Resource *.";
    /** Step Functions' log delivery: CloudWatch Logs' vended-log delivery APIs act on no named resource. */
    public static final String LOG_DELIVERY = "Step Functions logging uses CloudWatch Logs' log-delivery APIs "
            + "(CreateLogDelivery, DescribeResourcePolicies, ...), which support no resource-level permissions.";
    /** Describe/List calls that only exist account-wide. */
    public static final String DESCRIBE = "These Describe/List calls support no resource-level permissions "
            + "(AWS's service authorization reference lists no resource type for them).";

    /** CloudWatch DescribeAlarms: composite alarms are only returned to a caller allowed it on every alarm. */
    public static final String COMPOSITE_ALARMS = "CloudWatch returns composite alarms only to callers allowed "
            + "cloudwatch:DescribeAlarms on Resource * (DescribeAlarms API reference), and a rollback alarm may be "
            + "composite; the call is read-only.";

    /**
     * Every action the app ever allows on Resource *, with the reason. An IAM statement with
     * Resource * whose actions are not all in this table is a bug.
     */
    public static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("xray:PutTraceSegments", XRAY),
            Map.entry("xray:PutTelemetryRecords", XRAY),
            Map.entry("xray:GetSamplingRules", XRAY),
            Map.entry("xray:GetSamplingTargets", XRAY),
            Map.entry("logs:CreateLogDelivery", LOG_DELIVERY),
            Map.entry("logs:GetLogDelivery", LOG_DELIVERY),
            Map.entry("logs:UpdateLogDelivery", LOG_DELIVERY),
            Map.entry("logs:DeleteLogDelivery", LOG_DELIVERY),
            Map.entry("logs:ListLogDeliveries", LOG_DELIVERY),
            Map.entry("logs:PutResourcePolicy", LOG_DELIVERY),
            Map.entry("logs:DescribeResourcePolicies", LOG_DELIVERY),
            Map.entry("logs:DescribeLogGroups", LOG_DELIVERY),
            Map.entry("ecs:DescribeTaskDefinition", DESCRIBE),
            Map.entry("ecs:ListTaskDefinitions", DESCRIBE),
            Map.entry("cloudwatch:DescribeAlarms", COMPOSITE_ALARMS),
            Map.entry("cloudwatch:GetMetricData", DESCRIBE));

    private WildcardReasons() {
    }
}
