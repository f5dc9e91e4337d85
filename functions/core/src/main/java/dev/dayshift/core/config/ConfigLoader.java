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
        return parse(read(file), name, file, file.toAbsolutePath().getParent());
    }

    /**
     * Reads only the {@code images:} section of {@code file}, with its defaults; the rest of the file
     * is neither needed nor validated (a file holding just {@code images:} is fine).
     *
     * @throws ConfigException when the file is missing, unreadable or its images section invalid
     */
    public static ImagePipelineConfig loadImages(Path file) {
        return parseImages(read(file), file.toString());
    }

    /** As {@link #loadImages(Path)}, from text (YAML or JSON); empty text gives the defaults. */
    public static ImagePipelineConfig parseImages(String text, String fileName) {
        return new ConfigBinder(fileName, null, null).bindImages(syntax(text, fileName));
    }

    private static String read(Path file) {
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
        return text;
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
        return new ConfigBinder(fileName, source, baseDirectory).bind(syntax(text, fileName));
    }

    private static YamlNode syntax(String text, String fileName) {
        try {
            return LocatedYamlParser.parse(text);
        } catch (LocatedYamlParser.SyntaxError e) {
            throw new ConfigException(fileName + ":" + e.line() + ":" + e.column() + ": " + e.getMessage(),
                    List.of(new ConfigProblem(fileName, e.line(), e.column(), e.getMessage())));
        }
    }
}
