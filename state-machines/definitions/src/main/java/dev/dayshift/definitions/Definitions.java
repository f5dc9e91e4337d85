package dev.dayshift.definitions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Dayshift's state machine definitions and buildspecs from the classpath (this module's jar).
 * The same files are in {@code state-machines/definitions/asl} and {@code .../buildspecs} for the CDK
 * app, which reads them by path. Placeholders ({@code ${Name}}) are listed in the module's README.
 */
public final class Definitions {

    /** The state machines defined here, by file name without {@code .asl.json}. */
    public static final List<String> MACHINES = List.of("lifecycle", "rollback");
    /** The buildspecs, by tool id (file name without {@code .yml}). */
    public static final List<String> BUILDSPECS = List.of("terraform", "cdk", "script");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    private Definitions() {
    }

    /** The ASL text of {@code machine} (e.g. "lifecycle"), placeholders unsubstituted. */
    public static String asl(String machine) {
        return resource("asl/" + machine + ".asl.json");
    }

    /** The buildspec of {@code tool} (terraform, cdk, script). */
    public static String buildspec(String tool) {
        return resource("buildspecs/" + tool + ".yml");
    }

    /**
     * Replaces every {@code ${Name}} with {@code values.get(Name)}, as Step Functions'
     * DefinitionSubstitutions do.
     *
     * @throws IllegalArgumentException naming every placeholder without a value
     */
    public static String substitute(String definition, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        java.util.Set<String> missing = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(definition);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                missing.add(m.group(1));
                v = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for definition placeholder(s) " + String.join(", ", missing));
        }
        return out.toString();
    }

    /** The placeholders {@code definition} uses, sorted. */
    public static java.util.SortedSet<String> placeholders(String definition) {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(definition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String resource(String path) {
        String full = "dayshift/definitions/" + path;
        try (InputStream in = Definitions.class.getClassLoader().getResourceAsStream(full)) {
            if (in == null) {
                throw new IllegalArgumentException("no definition " + full + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + full, e);
        }
    }
}
