package dev.dayshift.core.events;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a parser of outside events returns: the value, or the reason the input was rejected. Parsers
 * of AWS events never throw for bad input; they return {@link Rejected} with a sentence naming what
 * was wrong and where, so a handler can log it and a replay can print it.
 *
 * @param <T> the parsed type
 */
public sealed interface Parsed<T> {

    /** A parsed value; never null. */
    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A rejected input; the reason is never blank. */
    record Rejected<T>(String reason) implements Parsed<T> {
        public Rejected {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a rejection needs a reason");
            }
        }
    }

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> rejected(String reason) {
        return new Rejected<>(reason);
    }

    /** Maps a parsed value, passing a rejection through. */
    default <R> Parsed<R> map(Function<? super T, ? extends R> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Rejected<T> r -> new Rejected<>(r.reason());
        };
    }
}
