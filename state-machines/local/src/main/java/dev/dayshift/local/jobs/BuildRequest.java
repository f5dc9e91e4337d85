package dev.dayshift.local.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One build for the {@link BuildspecRunner}, as {@code codebuild:StartBuild} describes it.
 *
 * @param projectName the CodeBuild project's name, e.g. {@code dayshift-script}
 * @param buildspec the buildspec to run
 * @param sourceDirectory the primary source: copied to the build's work directory ({@code CODEBUILD_SRC_DIR})
 * @param projectEnvironment the project's environment variables
 * @param overrides the start's {@code EnvironmentVariablesOverride} (win over the project's, which win
 *     over the buildspec's {@code env.variables})
 * @param timeout {@code TimeoutInMinutesOverride} or the project's timeout
 * @param artifactsDirectory where the build's artifacts go ({@code ArtifactsOverride} mapped to a directory)
 * @param secondarySources {@code SecondarySourcesOverride}: source identifier to a directory, copied
 *     into the build and named by {@code CODEBUILD_SRC_DIR_<identifier>}
 */
public record BuildRequest(String projectName, Buildspec buildspec, Path sourceDirectory,
                           Map<String, String> projectEnvironment, Map<String, String> overrides, Duration timeout,
                           Optional<Path> artifactsDirectory, Map<String, Path> secondarySources) {
    public BuildRequest {
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(buildspec, "buildspec");
        Objects.requireNonNull(sourceDirectory, "sourceDirectory");
        projectEnvironment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(projectEnvironment));
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(artifactsDirectory, "artifactsDirectory");
        secondarySources = Map.copyOf(secondarySources);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
