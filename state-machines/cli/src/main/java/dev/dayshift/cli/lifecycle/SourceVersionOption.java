package dev.dayshift.cli.lifecycle;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --source-version V}: re-apply a recorded runtime version (up and apply). */
public final class SourceVersionOption {

    @Option(names = "--source-version", paramLabel = "VERSION",
            description = {"Apply this recorded runtime version (sha256:..., as dayshift status lists them) from its",
                "snapshot instead of the phase directory as it is now: a rollback by hand."})
    String version;

    Optional<String> value() {
        return Optional.ofNullable(version);
    }
}
