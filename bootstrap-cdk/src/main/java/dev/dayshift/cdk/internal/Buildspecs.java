package dev.dayshift.cdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dayshift.cdk.CdkException;
import dev.dayshift.core.DayshiftException.Kind;
import dev.dayshift.core.config.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.codebuild.BuildSpec;

/**
 * The CodeBuild buildspecs, read from their one place ({@code state-machines/definitions/buildspecs/<tool>.yml}),
 * the same files the local runner executes.
 */
public final class Buildspecs {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Buildspecs() {
    }

    /** The buildspec file of {@code tool}. */
    public static Path file(Path definitions, Tool tool) {
        return definitions.resolve("buildspecs").resolve(tool.id() + ".yml");
    }

    /**
     * Reads the buildspec of {@code tool}.
     *
     * @throws CdkException when it is missing, not YAML, or not a version 0.2 buildspec
     */
    public static BuildSpec load(Path definitions, Tool tool) {
        Path file = file(definitions, tool);
        if (!Files.isRegularFile(file)) {
            throw new CdkException(Kind.BAD_INPUT, "buildspec for the " + tool.id() + " tool not found: " + file);
        }
        Map<String, Object> spec;
        try {
            spec = YAML.readValue(Files.readString(file), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new CdkException(Kind.BAD_INPUT, file + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CdkException(Kind.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (spec == null || !"0.2".equals(String.valueOf(spec.get("version"))) || !(spec.get("phases") instanceof Map)) {
            throw new CdkException(Kind.BAD_INPUT, file + " is not a CodeBuild buildspec (version: 0.2 with phases)");
        }
        return BuildSpec.fromObjectToYaml(spec);
    }
}
