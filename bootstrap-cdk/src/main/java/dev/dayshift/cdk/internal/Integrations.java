package dev.dayshift.cdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dayshift.cdk.CdkException;
import dev.dayshift.core.DayshiftException.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Derives a state machine role's permissions from its definition: each Task's integration becomes
 * the IAM actions AWS documents for it, on the resources the Task names through a
 * {@code ${Placeholder}}, or, where the Task picks its target at run time, on the environment's own
 * resources of that kind. An integration this class does not know fails the synth: a role is never
 * granted something nobody looked at.
 */
public final class Integrations {

    private static final Pattern SERVICE_INTEGRATION = Pattern.compile("arn:[^:]+:states:::(.+)");

    /**
     * What a definition's Tasks may reach in one environment.
     *
     * @param substitutions placeholder values (tokens), to resolve {@code ${Name}} parameters
     * @param functions alias ARNs of the environment's functions
     * @param projects ARNs of the environment's CodeBuild projects
     * @param topics ARNs of the environment's topics
     * @param stateMachines ARNs of the environment's state machines (for StartExecution), each with the
     *     ARN pattern of its executions (for DescribeExecution and StopExecution of a started child)
     * @param executionsPattern the ARN pattern of the environment's executions
     * @param tables ARNs of the environment's DynamoDB tables
     * @param ecsServices ARNs of the ECS services the environment's rollback targets name
     * @param alarms ARNs of the alarms the environment's rollback targets name
     * @param arnPrefix {@code arn:<partition>:<service>:<region>:<account>:} with {@code %s} for the service
     */
    public record Scope(Map<String, String> substitutions, List<String> functions, List<String> projects,
            List<String> topics, Map<String, String> stateMachines, String executionsPattern, List<String> tables,
            List<String> ecsServices, List<String> alarms, String arnPrefix) {

        String arn(String service, String rest) {
            return String.format(arnPrefix, service) + rest;
        }
    }

    private Integrations() {
    }

    /** The statements that let a machine with these Tasks run them, merged by action set. */
    public static List<PolicyStatement> statementsFor(AslDefinition definition, Scope scope) {
        Map<String, Set<String>> byActions = new LinkedHashMap<>();
        Map<String, String> sids = new LinkedHashMap<>();
        for (AslDefinition.Task task : definition.tasks()) {
            for (Grant g : grantsFor(definition, task, scope)) {
                String key = String.join(",", g.actions());
                byActions.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(g.resources());
                if (g.sid() != null) {
                    sids.put(key, g.sid());
                }
            }
        }
        List<PolicyStatement> out = new ArrayList<>();
        byActions.forEach((actions, resources) -> {
            PolicyStatement.Builder b = PolicyStatement.Builder.create().effect(Effect.ALLOW)
                    .actions(List.of(actions.split(","))).resources(List.copyOf(resources));
            if (sids.containsKey(actions)) {
                b.sid(sids.get(actions));
            }
            out.add(b.build());
        });
        return out;
    }

    private record Grant(List<String> actions, List<String> resources, String sid) {
        Grant(List<String> actions, List<String> resources) {
            this(actions, resources, null);
        }
    }

    private static List<Grant> grantsFor(AslDefinition def, AslDefinition.Task task, Scope scope) {
        String resource = task.resource();
        String direct = AslDefinition.placeholderOf(resource);
        if (direct != null) { // "Resource": "${SomeFunctionArn}": a Lambda called directly
            return List.of(new Grant(List.of("lambda:InvokeFunction"), List.of(scope.substitutions().get(direct))));
        }
        Matcher m = SERVICE_INTEGRATION.matcher(resource);
        if (!m.matches()) {
            throw unknown(def, task);
        }
        String integration = m.group(1);
        String base = integration.replaceFirst("\\.(sync(:2)?|waitForTaskToken)$", "");
        boolean sync = integration.contains(".sync");
        JsonNode p = task.parameters();
        return switch (base) {
            case "lambda:invoke" -> List.of(new Grant(List.of("lambda:InvokeFunction"),
                    targets(def, task, p, "FunctionName", scope.functions(), scope)));
            case "codebuild:startBuild" -> {
                List<Grant> g = new ArrayList<>();
                g.add(new Grant(sync ? List.of("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds")
                        : List.of("codebuild:StartBuild"), scope.projects()));
                if (sync) {
                    g.add(new Grant(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"),
                            List.of(scope.arn("events", "rule/StepFunctionsGetEventForCodeBuildStartBuildRule"))));
                }
                yield g;
            }
            case "codebuild:stopBuild" -> List.of(new Grant(List.of("codebuild:StopBuild"), scope.projects()));
            case "sns:publish" -> List.of(new Grant(List.of("sns:Publish"),
                    targets(def, task, p, "TopicArn", scope.topics(), scope)));
            case "states:startExecution" -> {
                // AWS's documented policy for the Step Functions integration: StartExecution on the
                // child machine; with .sync also DescribeExecution/StopExecution on its executions
                // (their names are made at run time, hence the trailing *) and the managed EventBridge
                // rule Step Functions uses to learn that the child finished.
                List<Grant> g = new ArrayList<>();
                List<String> machines = targets(def, task, p, "StateMachineArn", List.copyOf(scope.stateMachines().keySet()), scope);
                g.add(new Grant(List.of("states:StartExecution"), machines));
                if (sync) {
                    g.add(new Grant(List.of("states:DescribeExecution", "states:StopExecution"),
                            machines.stream().map(arn -> executionsOf(arn, scope)).toList()));
                    g.add(new Grant(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"),
                            List.of(scope.arn("events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"))));
                }
                yield g;
            }
            case "dynamodb:getItem", "dynamodb:putItem", "dynamodb:updateItem", "dynamodb:deleteItem" ->
                    List.of(new Grant(List.of("dynamodb:" + capitalize(base.substring("dynamodb:".length()))),
                            targets(def, task, p, "TableName", scope.tables(), scope)));
            default -> {
                if (base.startsWith("aws-sdk:")) {
                    yield List.of(sdkGrant(def, task, base.substring("aws-sdk:".length()), scope));
                }
                throw unknown(def, task);
            }
        };
    }

    private static Grant sdkGrant(AslDefinition def, AslDefinition.Task task, String call, Scope scope) {
        int colon = call.indexOf(':');
        String service = call.substring(0, colon);
        String action = capitalize(call.substring(colon + 1));
        String iamService = switch (service) {
            case "sfn" -> "states";
            default -> service;
        };
        String iamAction = iamService + ":" + action;
        if (WildcardReasons.ACTIONS.containsKey(iamAction) && !"cloudwatch".equals(iamService)) {
            return new Grant(List.of(iamAction), List.of("*"), null);
        }
        return switch (iamAction) {
            case "ecs:UpdateService", "ecs:DescribeServices", "ecs:ListServiceDeployments" -> {
                requireSome(def, task, scope.ecsServices(), "ECS services (rollback targets of type ecs-service)");
                yield new Grant(List.of(iamAction), scope.ecsServices());
            }
            case "ecs:DescribeServiceDeployments" -> {
                requireSome(def, task, scope.ecsServices(), "ECS services (rollback targets of type ecs-service)");
                yield new Grant(List.of(iamAction), scope.ecsServices().stream()
                        .map(s -> s.replace(":service/", ":service-deployment/") + "/*").toList());
            }
            case "cloudwatch:DescribeAlarms" -> scope.alarms().isEmpty()
                    ? new Grant(List.of(iamAction), List.of("*"), null)
                    : new Grant(List.of(iamAction), scope.alarms());
            case "sns:Publish" -> new Grant(List.of(iamAction), scope.topics());
            case "states:StartExecution" -> new Grant(List.of(iamAction), List.copyOf(scope.stateMachines().keySet()));
            case "states:DescribeExecution", "states:StopExecution" ->
                    new Grant(List.of(iamAction), List.of(scope.executionsPattern()));
            case "codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild" ->
                    new Grant(List.of(iamAction), scope.projects());
            case "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Query" -> new Grant(List.of(iamAction), scope.tables());
            case "lambda:Invoke" -> new Grant(List.of("lambda:InvokeFunction"), scope.functions());
            default -> throw unknown(def, task);
        };
    }

    /**
     * The state machines a definition's Tasks start ({@code states:startExecution} in any pattern), as
     * their ARNs: whoever starts them also needs the child machine's key.
     */
    public static List<String> startedMachines(AslDefinition definition, Scope scope) {
        List<String> out = new ArrayList<>();
        for (AslDefinition.Task task : definition.tasks()) {
            Matcher m = SERVICE_INTEGRATION.matcher(task.resource());
            if (m.matches() && m.group(1).startsWith("states:startExecution")) {
                targets(definition, task, task.parameters(), "StateMachineArn",
                        List.copyOf(scope.stateMachines().keySet()), scope).stream()
                        .filter(a -> !out.contains(a)).forEach(out::add);
            }
        }
        return out;
    }

    /** The executions of {@code machineArn}: the environment's known pattern, else derived from a literal ARN. */
    private static String executionsOf(String machineArn, Scope scope) {
        String known = scope.stateMachines().get(machineArn);
        if (known != null) {
            return known;
        }
        if (machineArn.contains(":stateMachine:")) {
            return machineArn.replace(":stateMachine:", ":execution:") + ":*";
        }
        return scope.executionsPattern();
    }

    private static List<String> targets(AslDefinition def, AslDefinition.Task task, JsonNode params, String field,
            List<String> environmentDefault, Scope scope) {
        JsonNode value = params.path(field);
        if (value.isTextual()) {
            String name = AslDefinition.placeholderOf(value.asText());
            if (name != null) {
                return List.of(scope.substitutions().get(name));
            }
            if (value.asText().startsWith("arn:")) {
                return List.of(value.asText().replaceFirst(":\\$LATEST$", ""));
            }
        }
        requireSome(def, task, environmentDefault, field + " targets");
        return environmentDefault;
    }

    private static void requireSome(AslDefinition def, AslDefinition.Task task, List<String> resources, String what) {
        if (resources.isEmpty()) {
            throw new CdkException(Kind.BAD_INPUT, def.file() + " " + task.path() + " calls " + task.resource()
                    + ", but this environment has no " + what + " to allow it on");
        }
    }

    private static CdkException unknown(AslDefinition def, AslDefinition.Task task) {
        return new CdkException(Kind.BAD_INPUT, def.file() + " " + task.path() + " uses the integration '"
                + task.resource() + "', which the CDK app does not know how to grant; add it to "
                + Integrations.class.getName() + " with the narrowest resources it needs");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
