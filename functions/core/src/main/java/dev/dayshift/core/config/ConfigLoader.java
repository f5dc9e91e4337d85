package dev.dayshift.core.config;

import dev.dayshift.core.config.internal.ConfigBinder;
import dev.dayshift.core.config.internal.LocatedYamlParser;
import dev.dayshift.core.config.internal.YamlNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads and validates a Dayshift configuration file ({@code dayshift.yaml}). Every problem is
 * collected with its line and column and reported together in one {@link ConfigException}; a
 * configuration that loads is complete, with every default applied. The format is documented in
 * docs/configuration.md and as a JSON Schema in {@code dayshift.schema.json}.
 */
public final class ConfigLoader {

    /** The file used when no {@code --config} is given. */
    public static final String DEFAULT_FILE = "dayshift.yaml";

    private ConfigLoader() {
    }

    /**
     * Reads {@code file}; relative paths inside it (phase directories) resolve against its directory.
     *
     * @throws ConfigException when the file is missing, unreadable or invalid; never returns null
     */
    public static DayshiftConfig load(Path file) {
        String name = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + name, List.of());
        } catch (CharacterCodingException e) {
            throw new ConfigException("configuration file is not UTF-8 text: " + name, List.of());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + name + ": " + e.getMessage(), List.of());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, name, file, base);
    }

    /**
     * Parses configuration text.
     *
     * @param text the YAML
     * @param fileName how to name the file in problems
     * @param source recorded as {@link DayshiftConfig#source()}
     * @param baseDirectory what relative paths resolve against
     * @throws ConfigException listing every problem
     */
    public static DayshiftConfig parse(String text, String fileName, Path source, Path baseDirectory) {
        YamlNode root;
        try {
            root = LocatedYamlParser.parse(text);
        } catch (LocatedYamlParser.SyntaxError e) {
            throw new ConfigException(fileName + ":" + e.line() + ":" + e.column() + ": " + e.getMessage(),
                    List.of(new ConfigProblem(fileName, e.line(), e.column(), e.getMessage())));
        }
        return new ConfigBinder(fileName, source, baseDirectory).bind(root);
    }
}
