package dev.dayshift.local.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dayshift.core.DayshiftException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a CodeBuild buildspec (version 0.2) that the local runner executes: {@code env.shell},
 * {@code env.variables}, {@code env.exported-variables}, the four phases with {@code commands},
 * {@code finally} and {@code on-failure}, and {@code artifacts} ({@code files}, {@code base-directory},
 * {@code discard-paths}). Anything else in the file is ignored locally (parameter-store, secrets,
 * reports, caches need AWS).
 */
public record Buildspec(String shell, Map<String, String> variables, List<String> exportedVariables,
                        List<Phase> phases, Optional<Artifacts> artifacts) {

    /** The phases in the order CodeBuild runs them. */
    public enum PhaseType {
        INSTALL("install"), PRE_BUILD("pre_build"), BUILD("build"), POST_BUILD("post_build");

        final String key;

        PhaseType(String key) {
            this.key = key;
        }
    }

    /** One phase's commands. */
    public record Phase(PhaseType type, List<String> commands, List<String> finallyCommands, boolean continueOnFailure) {
    }

    /** What the build uploads. */
    public record Artifacts(List<String> files, String baseDirectory, boolean discardPaths) {
    }

    /** Thrown when a buildspec cannot be read; names the problem. */
    public static final class InvalidBuildspecException extends DayshiftException {
        public InvalidBuildspecException(String message) {
            super(Kind.BAD_INPUT, message);
        }
    }

    /**
     * Parses buildspec YAML.
     *
     * @param name how to name the buildspec in errors
     */
    public static Buildspec parse(String yaml, String name) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (IOException e) {
            throw new InvalidBuildspecException("buildspec " + name + " is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBuildspecException("buildspec " + name + " must be a YAML mapping");
        }
        if (!"0.2".equals(root.path("version").asText())) {
            throw new InvalidBuildspecException("buildspec " + name + ": version must be 0.2, was '"
                    + root.path("version").asText() + "'");
        }
        JsonNode env = root.path("env");
        String shell = env.path("shell").asText("bash");
        if (!shell.equals("bash") && !shell.equals("sh")) {
            throw new InvalidBuildspecException("buildspec " + name + ": env.shell '" + shell + "' is not supported locally (bash, sh)");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        env.path("variables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        List<String> exported = strings(env.path("exported-variables"), name, "env.exported-variables");
        List<Phase> phases = new ArrayList<>();
        for (PhaseType type : PhaseType.values()) {
            JsonNode p = root.path("phases").path(type.key);
            if (p.isMissingNode() || p.isNull()) {
                continue;
            }
            String onFailure = p.path("on-failure").asText("ABORT").toUpperCase(Locale.ROOT);
            if (!onFailure.equals("ABORT") && !onFailure.equals("CONTINUE")) {
                throw new InvalidBuildspecException("buildspec " + name + ": phases." + type.key
                        + ".on-failure must be ABORT or CONTINUE, was '" + onFailure + "'");
            }
            phases.add(new Phase(type, strings(p.path("commands"), name, "phases." + type.key + ".commands"),
                    strings(p.path("finally"), name, "phases." + type.key + ".finally"), onFailure.equals("CONTINUE")));
        }
        Optional<Artifacts> artifacts = Optional.empty();
        JsonNode a = root.path("artifacts");
        if (a.isObject()) {
            artifacts = Optional.of(new Artifacts(strings(a.path("files"), name, "artifacts.files"),
                    a.path("base-directory").asText(""), yes(a.path("discard-paths"))));
        }
        return new Buildspec(shell, variables, exported, phases, artifacts);
    }

    private static boolean yes(JsonNode n) {
        return n.isBoolean() ? n.asBoolean() : n.asText("no").equalsIgnoreCase("yes");
    }

    private static List<String> strings(JsonNode n, String name, String where) {
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw new InvalidBuildspecException("buildspec " + name + ": " + where + " must be a list");
        }
        for (JsonNode c : n) {
            if (!c.isValueNode()) {
                throw new InvalidBuildspecException("buildspec " + name + ": " + where + " must hold strings only");
            }
            out.add(c.asText());
        }
        return out;
    }
}
