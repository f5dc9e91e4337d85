package dev.dayshift.local;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.ports.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Job artifacts under {@code .dayshift/artifacts/<bucket>/<key>}: what CodeBuild would upload to S3. */
public final class LocalArtifactStore implements ArtifactStore {

    private final Path bucketDir;

    public LocalArtifactStore(Path bucketDir) {
        this.bucketDir = bucketDir;
    }

    @Override
    public Optional<byte[]> read(String key) {
        Path f = resolve(key);
        try {
            return Optional.of(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot read artifact " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public String describe(String key) {
        return resolve(key).toString();
    }

    private Path resolve(String key) {
        Path p = bucketDir.resolve(key).normalize();
        if (!p.startsWith(bucketDir)) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "artifact key escapes the artifacts directory: " + key);
        }
        return p;
    }
}
