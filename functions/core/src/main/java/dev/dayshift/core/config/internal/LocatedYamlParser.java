package dev.dayshift.core.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s that remember their line and column. Duplicate keys are errors
 * (YAML says they are; most parsers silently keep the last one).
 */
public final class LocatedYamlParser {

    /** A YAML syntax error, with where it is. */
    public static final class SyntaxError extends Exception {
        private final int line;
        private final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private LocatedYamlParser() {
    }

    /** The document's root, or {@code Null} for an empty document. */
    public static YamlNode parse(String text) throws SyntaxError {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new YamlNode.Null(1, 1);
            }
            YamlNode root = read(p);
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new SyntaxError("only one YAML document is allowed", l.getLineNr(), l.getColumnNr());
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new SyntaxError("invalid YAML: " + describe(e.getOriginalMessage()),
                    l == null ? 0 : Math.max(l.getLineNr(), 0), l == null ? 0 : Math.max(l.getColumnNr(), 0));
        } catch (IOException e) {
            throw new SyntaxError("invalid YAML: " + e.getMessage(), 0, 0);
        }
    }

    /**
     * SnakeYAML's messages span lines ("while parsing a flow mapping / in 'reader', line 4 / expected
     * ',' or '}', but got '?'"); keep the sentences and drop the position lines, which we report apart.
     */
    private static String describe(String message) {
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("in '") || t.startsWith("^") || t.startsWith("at [")) {
                continue;
            }
            if (!parts.isEmpty() && line.startsWith("    ")) {
                continue; // an echo of the offending source line
            }
            parts.add(t);
        }
        return parts.isEmpty() ? "syntax error" : String.join("; ", parts);
    }

    private static YamlNode read(JsonParser p) throws IOException, SyntaxError {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    p.nextToken();
                    YamlNode value = read(p);
                    if (entries.containsKey(key)) {
                        YamlNode.Entry first = entries.get(key);
                        throw new SyntaxError("duplicate key '" + key + "' (first at line " + first.keyLine() + ")",
                                kl.getLineNr(), kl.getColumnNr());
                    }
                    entries.put(key, new YamlNode.Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
                }
                return new YamlNode.Mapping(entries, line, col);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new YamlNode.Sequence(items, line, col);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.STRING, line, col);
            }
            case VALUE_NUMBER_INT -> {
                return new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.INTEGER, line, col);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.FLOAT, line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.BOOLEAN, line, col);
            }
            case VALUE_NULL -> {
                return new YamlNode.Null(line, col);
            }
            default -> throw new SyntaxError("unsupported YAML construct (" + t + ")", line, col);
        }
    }
}
