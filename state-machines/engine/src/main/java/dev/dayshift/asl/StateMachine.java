package dev.dayshift.asl;

import dev.dayshift.asl.internal.Compiler;
import dev.dayshift.asl.internal.Json;
import dev.dayshift.asl.internal.Model;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed, validated state machine definition. Immutable and thread-safe: parse once, run it as often as you
 * like on any engine.
 */
public final class StateMachine {
    private final Model.Machine model;
    private final String json;

    private StateMachine(Model.Machine model, String json) {
        this.model = model;
        this.json = json;
    }

    /**
     * Parses and validates a definition.
     *
     * @throws AslValidationException with every problem found (JSON pointer and message) when it is not valid
     */
    public static StateMachine parse(String definitionJson) {
        Objects.requireNonNull(definitionJson, "definitionJson");
        Object def;
        try {
            def = Json.parse(definitionJson);
        } catch (Json.JsonSyntaxException e) {
            throw new AslValidationException("The state machine definition",
                    List.of(new AslProblem("", "The definition is not valid JSON: " + e.getMessage())));
        }
        Compiler.Result r = Compiler.compile(def);
        if (!r.problems().isEmpty()) {
            throw new AslValidationException("The state machine definition", r.problems());
        }
        return new StateMachine(r.machine(), definitionJson);
    }

    /** Every problem in a definition (empty when it is valid); never throws for bad input. */
    public static List<AslProblem> validate(String definitionJson) {
        Object def;
        try {
            def = Json.parse(definitionJson);
        } catch (Json.JsonSyntaxException e) {
            return List.of(new AslProblem("", "The definition is not valid JSON: " + e.getMessage()));
        }
        return Compiler.compile(def).problems();
    }

    /** The definition as given. */
    public String definitionJson() {
        return json;
    }

    public String startAt() {
        return model.scope.startAt;
    }

    /** Names of the top-level states, in definition order. */
    public Set<String> stateNames() {
        return model.scope.states.keySet();
    }

    /** The top-level Comment, or null. */
    public String comment() {
        return model.comment;
    }

    /** Engine use. */
    Model.Machine model() {
        return model;
    }
}
