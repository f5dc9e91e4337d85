package dev.dayshift.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.ports.TaskTokens;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.util.Optional;

/**
 * {@link TaskTokens} for local runs: the answer is written to the state store (partition
 * {@value #PARTITION}, sort key the token), where the process whose engine waits on the token picks it
 * up ({@link LocalRuntime} polls while it waits). So {@code dayshift approve} works from another terminal.
 * A second answer for the same token is refused.
 */
public final class LocalTaskTokens implements TaskTokens {

    /** The partition answers are written to. */
    public static final String PARTITION = "task-token-answers";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StateStore store;

    public LocalTaskTokens(StateStore store) {
        this.store = store;
    }

    @Override
    public void succeed(String taskToken, String outputJson) {
        ObjectNode n = JSON.createObjectNode();
        n.put("outcome", "success");
        n.put("output", outputJson);
        write(taskToken, n);
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        ObjectNode n = JSON.createObjectNode();
        n.put("outcome", "failure");
        n.put("error", error);
        n.put("cause", cause);
        write(taskToken, n);
    }

    private void write(String token, ObjectNode answer) {
        if (!store.putIfAbsent(StoredItem.create(PARTITION, token, answer.toString(), Optional.empty()))) {
            throw new dev.dayshift.core.DayshiftException(dev.dayshift.core.DayshiftException.Kind.BAD_INPUT,
                    "this approval was already answered");
        }
    }
}
