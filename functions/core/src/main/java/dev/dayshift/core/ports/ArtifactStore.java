package dev.dayshift.core.ports;

import java.util.Optional;

/**
 * Where jobs leave their artifacts (plan files, {@code terraform show -json} output, cdk diffs):
 * on AWS the artifacts bucket that CodeBuild uploads to; locally {@code .dayshift/artifacts}.
 * Keys are {@code <environment>/<phase>/<planId>/<file>}.
 */
public interface ArtifactStore {

    /** The artifact's bytes; empty when it does not exist. */
    Optional<byte[]> read(String key);

    /** Whether the artifact exists, without reading it (a snapshot can be megabytes). */
    boolean exists(String key);

    /** Where the artifact is, for messages ({@code s3://bucket/key}, a file path). */
    String describe(String key);
}
