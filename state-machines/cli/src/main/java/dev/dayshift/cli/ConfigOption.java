package dev.dayshift.cli;

import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that reads the configuration shares. */
public final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE} in the current directory).",
            defaultValue = ConfigLoader.DEFAULT_FILE)
    Path file;

    /** The file as given. */
    public Path file() {
        return file;
    }

    /** Loads and validates the file; throws a ConfigException (exit 2) listing every problem. */
    public DayshiftConfig load() {
        return ConfigLoader.load(file);
    }
}
