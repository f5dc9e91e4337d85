package dev.dayshift.asl.internal;

import java.util.random.RandomGenerator;

/** What an expression can see besides its input: the context object, variables, randomness. */
public interface EvalScope {
    /** The context object ({@code $$}), built on first use. */
    Object context();

    /** A variable's value, or {@link Path#MISSING} when it is not defined in this scope. */
    Object variable(String name);

    /** The random source for States.MathRandom, States.UUID, $random and $uuid. */
    RandomGenerator random();

    /** The value of {@code $states} for JSONata expressions (input, context, result, errorOutput). */
    java.util.Map<String, Object> states();

    /** Every variable visible here, innermost scope last, for binding into JSONata. */
    Iterable<java.util.Map.Entry<String, Object>> variables();

    /** The engine clock's time in epoch milliseconds (JSONata's {@code $now()} and {@code $millis()}). */
    default long nowMillis() {
        return System.currentTimeMillis();
    }

    /** Reads a path against the input, the context or a variable; {@link Path#MISSING} when nothing matches. */
    default Object find(Path path, Object input) {
        Object root = switch (path.root()) {
            case INPUT -> input;
            case CONTEXT -> context();
            case VARIABLE -> variable(path.variable());
        };
        if (root == Path.MISSING) {
            return Path.MISSING;
        }
        return path.find(root);
    }

    /** The root value a path reads from. */
    default Object rootOf(Path path, Object input) {
        return switch (path.root()) {
            case INPUT -> input;
            case CONTEXT -> context();
            case VARIABLE -> variable(path.variable());
        };
    }
}
