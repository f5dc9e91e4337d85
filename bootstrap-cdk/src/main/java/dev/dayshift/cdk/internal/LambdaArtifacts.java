package dev.dayshift.cdk.internal;

import dev.dayshift.cdk.CdkException;
import dev.dayshift.core.DayshiftException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * Finds each Lambda's deployable jar where its module's build writes it
 * ({@code functions/<module>/target/dayshift-<module>-<version>[-lambda].jar}) and checks that it
 * holds the handler class. A jar that is missing fails the synth with a message that says how to
 * build it; the app never deploys a function whose code it has not seen.
 */
public final class LambdaArtifacts {

    /** The command that builds every jar the app needs, from the repository root. */
    public static final String BUILD_COMMAND = "mvn -B -DskipTests package -pl bootstrap-cdk -am";

    private final Path root;
    private final String version;

    public LambdaArtifacts(Path root) {
        this.root = root;
        this.version = buildVersion();
    }

    /** The jar of {@code module}. */
    public Path jar(LambdaModule module) {
        Path target = root.resolve("functions").resolve(module.module()).resolve("target");
        String base = module.artifactId() + "-" + version;
        // The deployable (shaded) jar first: per architecture, then plain; the bare artifact last.
        for (String candidate : List.of(base + "-lambda-x86_64.jar", base + "-lambda.jar", base + "-shaded.jar", base + ".jar")) {
            Path jar = target.resolve(candidate);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new CdkException(Kind.MISSING_TOOL, "the " + module.module() + " Lambda jar is missing: expected "
                + root.relativize(target.resolve(base + ".jar")) + " (built by the functions/" + module.module()
                + " module). Build it from the repository root with: " + BUILD_COMMAND + " (scripts/synth does this)");
    }

    /** Whether the jar holds the handler class (a jar built from a module without it would fail at the first invocation). */
    public static boolean containsHandler(Path jar, LambdaModule module) {
        String entry = module.handlerClass().replace('.', '/') + ".class";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException e) {
            throw new CdkException(Kind.FAILED, "cannot read the Lambda jar " + jar + ": " + e.getMessage(), e);
        }
    }

    private static String buildVersion() {
        Properties p = new Properties();
        try (InputStream in = LambdaArtifacts.class.getResourceAsStream("/dev/dayshift/cdk/build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties missing from the bootstrap-cdk classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
