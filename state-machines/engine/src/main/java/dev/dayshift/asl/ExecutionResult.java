package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import java.time.Instant;
import java.util.List;

/**
 * How an execution ended.
 *
 * @param status SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param output the output JSON when SUCCEEDED, else null
 * @param error the error name when not SUCCEEDED (may be null: a Fail state without Error)
 * @param cause the cause when not SUCCEEDED (may be null)
 * @param history every event, in order (empty when the execution ran with {@link HistoryMode#NONE})
 * @param startDate when it started, on the engine's clock
 * @param stopDate when it ended, on the engine's clock
 */
public record ExecutionResult(ExecutionStatus status, String output, String error, String cause,
        List<HistoryEvent> history, Instant startDate, Instant stopDate) {

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    /** The output parsed into maps, lists, strings, numbers, booleans and nulls; null when there is none. */
    public Object outputValue() {
        return output == null ? null : Json.parse(output);
    }

    /** Names of the states entered, in history order. */
    public List<String> statesVisited() {
        return history.stream().filter(e -> e.type().isStateEntered()).map(HistoryEvent::stateName).toList();
    }
}
