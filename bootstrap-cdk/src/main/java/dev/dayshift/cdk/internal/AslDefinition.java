package dev.dayshift.cdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.cdk.CdkException;
import dev.dayshift.core.DayshiftException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state machine definition read from its one place under {@code state-machines/definitions/asl},
 * with the {@code ${Placeholder}} names it expects as DefinitionSubstitutions and the Task states
 * whose integrations its role must be allowed to call.
 */
public final class AslDefinition {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One Task state: where it is, the integration it calls, and its parameters (may be empty). */
    public record Task(String path, String resource, JsonNode parameters) {
    }

    private final Path file;
    private final String text;
    private final Set<String> placeholders;
    private final List<Task> tasks;

    private AslDefinition(Path file, String text, JsonNode tree) {
        this.file = file;
        this.text = text;
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        this.placeholders = Set.copyOf(names);
        List<Task> found = new ArrayList<>();
        collectTasks(tree, "$", found);
        this.tasks = List.copyOf(found);
    }

    /**
     * Reads and parses a definition file.
     *
     * @throws CdkException when it is missing or not JSON
     */
    public static AslDefinition load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CdkException(Kind.BAD_INPUT, "state machine definition not found: " + file);
        } catch (IOException e) {
            throw new CdkException(Kind.FAILED, "cannot read state machine definition " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || !tree.isObject() || !tree.has("States")) {
                throw new CdkException(Kind.BAD_INPUT, file + " is not an ASL definition (no top-level States object)");
            }
            return new AslDefinition(file, text, tree);
        } catch (JsonProcessingException e) {
            throw new CdkException(Kind.BAD_INPUT, file + " is not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The file's text as written: the app passes it unchanged, substitutions are CloudFormation's job. */
    public String text() {
        return text;
    }

    public Path file() {
        return file;
    }

    /** The {@code ${Name}} placeholders the definition uses. */
    public Set<String> placeholders() {
        return placeholders;
    }

    /** Every Task state, nested ones (Parallel branches, Map processors) included. */
    public List<Task> tasks() {
        return tasks;
    }

    /**
     * The DefinitionSubstitutions for this definition: the values of exactly the placeholders it
     * uses.
     *
     * @throws CdkException naming the placeholders the app does not provide
     */
    public Map<String, String> substitutions(Map<String, String> available) {
        Set<String> missing = new TreeSet<>(placeholders);
        missing.removeAll(available.keySet());
        if (!missing.isEmpty()) {
            throw new CdkException(Kind.BAD_INPUT, file + " uses definition substitutions the CDK app does not provide: "
                    + String.join(", ", missing.stream().map(n -> "${" + n + "}").toList())
                    + " (it provides: " + String.join(", ", new TreeSet<>(available.keySet())) + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : new TreeSet<>(placeholders)) {
            out.put(name, available.get(name));
        }
        return out;
    }

    /** The placeholder name if {@code value} is exactly one {@code ${Name}}, else null. */
    public static String placeholderOf(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        return m.matches() ? m.group(1) : null;
    }

    private static void collectTasks(JsonNode machine, String path, List<Task> out) {
        JsonNode states = machine.path("States");
        Iterator<Map.Entry<String, JsonNode>> it = states.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode state = e.getValue();
            String here = path + ".States." + e.getKey();
            String type = state.path("Type").asText();
            if ("Task".equals(type)) {
                JsonNode params = state.has("Arguments") ? state.get("Arguments") : state.path("Parameters");
                out.add(new Task(here, state.path("Resource").asText(), params));
            } else if ("Parallel".equals(type)) {
                int i = 0;
                for (JsonNode branch : state.path("Branches")) {
                    collectTasks(branch, here + ".Branches[" + i++ + "]", out);
                }
            } else if ("Map".equals(type)) {
                JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
                collectTasks(processor, here + ".ItemProcessor", out);
            }
        }
    }
}
