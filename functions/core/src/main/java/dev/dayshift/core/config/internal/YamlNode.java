package dev.dayshift.core.config.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it was written, for error messages that say where. Internal: use
 * {@link dev.dayshift.core.config.ConfigLoader}.
 */
public sealed interface YamlNode {

    /** 1-based line of the value's first character. */
    int line();

    /** 1-based column of the value's first character. */
    int column();

    /** A short description for messages: "a mapping", "a list", "the number 3", "null". */
    String describe();

    /** A mapping; keys in file order, each with its own location. */
    record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A key and its value. */
    record Entry(String key, int keyLine, int keyColumn, YamlNode value) {
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as written. {@code quoted} is true for strings that YAML typed as strings (quoted, or
     * plain text that is not a number, boolean or null); numbers and booleans keep their text.
     */
    record Scalar(String text, Type type, int line, int column) implements YamlNode {
        /** How YAML typed the scalar. */
        public enum Type { STRING, INTEGER, FLOAT, BOOLEAN }

        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "the text '" + text + "'";
                case INTEGER, FLOAT -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
            };
        }
    }

    /** An explicit null or an empty value. */
    record Null(int line, int column) implements YamlNode {
        @Override
        public String describe() {
            return "an empty value";
        }
    }
}
