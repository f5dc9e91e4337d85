package dev.dayshift.local.demo;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.config.ConfigLoader;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.lifecycle.SourceVersion;
import dev.dayshift.local.internal.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The demo's own copy of a project: the configuration file and every phase directory, at the same
 * paths relative to each other, so that a scenario step may change a phase (a new release) without
 * touching the checkout.
 */
final class Workspace {

    private Workspace() {
    }

    /**
     * Copies {@code config}'s file and phase directories into {@code target} and loads the copy.
     *
     * @throws DayshiftException BAD_INPUT when a phase directory is not below the configuration file's
     *     directory (its copy would have no place), FAILED when copying fails
     */
    static DayshiftConfig copy(DayshiftConfig config, Path target) {
        Path base = config.source().toAbsolutePath().normalize().getParent();
        Set<Path> dirs = new LinkedHashSet<>();
        for (Environment env : config.environments().values()) {
            env.base().ifPresent(p -> dirs.add(p.directory().toAbsolutePath().normalize()));
            dirs.add(env.runtime().directory().toAbsolutePath().normalize());
        }
        try {
            Files.createDirectories(target);
            for (Path dir : dirs) {
                if (!dir.startsWith(base) || dir.equals(base)) {
                    throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "the demo runs on a copy of "
                            + config.source().getFileName() + " and its phase directories, so each must be a directory below "
                            + base + "; " + dir + " is not");
                }
                if (Files.isDirectory(dir)) {
                    Trees.copy(dir, target.resolve(base.relativize(dir).toString()), SourceVersion.EXCLUDED);
                }
            }
            Path file = target.resolve(config.source().getFileName().toString());
            Files.copy(config.source(), file, StandardCopyOption.REPLACE_EXISTING);
            return ConfigLoader.load(file);
        } catch (IOException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot copy the project into " + target + ": "
                    + e.getMessage(), e);
        }
    }
}
