package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.ExecutionStarter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;

/**
 * {@link ExecutionStarter} on Step Functions StartExecution. A name already used on that state
 * machine ({@code ExecutionAlreadyExists}) is reported as {@code alreadyExisted}: that is how a
 * deterministic execution name makes a start happen once however often it is asked for. (Step
 * Functions also answers a repeated start of a <em>running</em> execution with the same input with
 * success and the same ARN; the schedule gate's decision record covers that case.)
 */
public final class StepFunctionsExecutionStarter implements ExecutionStarter {

    private final SfnClient sfn;
    private final Map<Machine, String> machineArns;

    /**
     * @param machineArns the ARN of each state machine this starter may start
     */
    public StepFunctionsExecutionStarter(SfnClient sfn, Map<Machine, String> machineArns) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.machineArns = new EnumMap<>(Machine.class);
        this.machineArns.putAll(machineArns);
    }

    @Override
    public StartResult start(Machine machine, String executionName, String inputJson) {
        String arn = machineArns.get(machine);
        if (arn == null) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "no state machine ARN configured for "
                    + machine + " (configured: " + machineArns.keySet() + ")");
        }
        try {
            String executionArn = sfn.startExecution(b -> b.stateMachineArn(arn).name(executionName).input(inputJson))
                    .executionArn();
            return new StartResult(executionArn, false);
        } catch (ExecutionAlreadyExistsException e) {
            return new StartResult(executionArn(arn, executionName), true);
        } catch (InvalidNameException | InvalidExecutionInputException e) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "Step Functions refused execution '"
                    + executionName + "' of " + arn + ": " + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot start execution '" + executionName
                    + "' of " + arn + ": " + e.getMessage(), e);
        }
    }

    /** The ARN an execution of {@code stateMachineArn} named {@code name} has. */
    static String executionArn(String stateMachineArn, String name) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
    }
}
