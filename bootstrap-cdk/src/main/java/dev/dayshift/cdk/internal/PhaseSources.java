package dev.dayshift.cdk.internal;

import dev.dayshift.cdk.CdkException;
import dev.dayshift.core.DayshiftException.Kind;
import dev.dayshift.core.config.Environment;
import dev.dayshift.core.config.Phase;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * The source a phase's CodeBuild project gets: the phase directory, placed at its path relative to
 * the configuration file. The lifecycle-tasks Lambda passes that relative path as
 * {@code DAYSHIFT_DIRECTORY} and every buildspec starts with {@code cd "$CODEBUILD_SRC_DIR/$DAYSHIFT_DIRECTORY"},
 * so uploading the directory alone (as its own root) would leave the jobs in the wrong place.
 */
public final class PhaseSources {

    /** Not uploaded: provider caches and local state that the jobs make themselves. */
    static final Set<String> SKIPPED = Set.of(".terraform", ".git", "cdk.out", "node_modules", ".dayshift");

    private PhaseSources() {
    }

    /**
     * Copies the phase directory into a staging directory at its relative path.
     *
     * @return the staging directory (the source root), or empty when the phase directory does not exist
     * @throws CdkException when the directory lies outside the configuration file's directory (its
     *     relative path would lead out of the job's source root)
     */
    public static Optional<Path> stage(Environment env, Phase phase, Path configFile) {
        Path dir = phase.directory().toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path base = configFile.toAbsolutePath().normalize().getParent();
        Path relative = base.relativize(dir);
        if (relative.startsWith("..") || relative.isAbsolute()) {
            throw new CdkException(Kind.BAD_INPUT, configFile + ": environment '" + env.name() + "' " + phase.name().id()
                    + " phase directory " + dir + " is outside " + base + ", and its jobs find it relative to the "
                    + "configuration file (DAYSHIFT_DIRECTORY=" + relative + "); keep phase directories below the "
                    + "directory of " + configFile.getFileName());
        }
        try {
            // A fresh directory per synth: concurrent synths never share one; CDK names the asset by content.
            Path root = Files.createTempDirectory("dayshift-cdk-source-" + env.name() + "-" + phase.name().id() + "-");
            Path target = root.resolve(relative.toString());
            Files.createDirectories(target);
            copy(dir, target);
            return Optional.of(root);
        } catch (IOException e) {
            throw new CdkException(Kind.FAILED, "cannot stage the " + phase.name().id() + " phase source " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(from) && SKIPPED.contains(d.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
