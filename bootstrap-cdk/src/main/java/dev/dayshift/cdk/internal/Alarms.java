package dev.dayshift.cdk.internal;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The alarm shapes the stacks use: "at least one in five minutes" and queue depth/age. */
public final class Alarms {

    private Alarms() {
    }

    /** Alarms when {@code metric} (a count) is at least 1 in a five-minute period; missing data is fine. */
    public static Alarm atLeastOne(Construct scope, String id, String name, String description, IMetric metric,
            ITopic topic) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1).evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }

    /** Alarms as soon as a (dead-letter) queue holds a message. */
    public static Alarm queueDepth(Construct scope, String id, IQueue queue, String name, String description,
            ITopic topic) {
        return atLeastOne(scope, id, name, description, queue.metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()), topic);
    }

    /** Alarms when a work queue's oldest message is older than {@code maxAge}: the consumer is stuck or too slow. */
    public static Alarm queueAge(Construct scope, String id, IQueue queue, String name, Duration maxAge, ITopic topic) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmName(name)
                .alarmDescription("the oldest message of " + queue.getQueueName() + " waited too long")
                .metric(queue.metricApproximateAgeOfOldestMessage(
                        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(maxAge.toSeconds()).evaluationPeriods(2)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }
}
