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
 * ({@code functions/<module>/target/dayshift-<module>-<version>-lambda[-<function>|-x86_64].jar}: a module
 * holding several functions builds one jar per function, each minimised from its own handler) and checks that
 * it holds the declared handler class and its libraries. A jar that is missing or wrong fails the
 * synth with a message naming the jar, the class and how to build it; the app never deploys a
 * function whose code it has not seen.
 */
public final class LambdaArtifacts {

    /** The command that builds every jar the app needs, from the repository root. */
    public static final String BUILD_COMMAND = "mvn -B -DskipTests package -pl bootstrap-cdk -am";

    /** Entries every deployable jar holds: Dayshift's core and the Lambda runtime interface. */
    private static final List<String> SELF_CONTAINED = List.of("dev/dayshift/core/DayshiftException.class",
            "com/amazonaws/services/lambda/runtime/Context.class");

    private final Path root;
    private final String version;

    public LambdaArtifacts(Path root) {
        this.root = root;
        this.version = buildVersion();
    }

    /**
     * The deployable jar of {@code module}, checked to hold its declared handler class and the
     * libraries it runs on.
     *
     * @throws CdkException MISSING_TOOL when the module's deployable jar has not been built; FAILED
     *     when the jar lacks the handler class or is not self-contained
     */
    public Path jar(LambdaModule module) {
        Path target = root.resolve("functions").resolve(module.module()).resolve("target");
        String base = module.artifactId() + "-" + version;
        // The deployable (shaded) jar: the function's own when the module builds one per function, per
        // architecture when it builds one per architecture, else the module's one.
        for (String candidate : List.of(base + "-lambda-" + module.function() + ".jar", base + "-lambda-x86_64.jar",
                base + "-lambda.jar")) {
            Path jar = target.resolve(candidate);
            if (Files.isRegularFile(jar)) {
                check(jar, module);
                return jar;
            }
        }
        String built = Files.isRegularFile(target.resolve(base + ".jar"))
                ? " Only the plain jar " + base + ".jar is there, which holds none of the libraries the function needs"
                        + " (was it built with -Ddayshift.lambdaJars.skip=true?)."
                : "";
        throw new CdkException(Kind.MISSING_TOOL, "the deployable jar of the " + module.function() + " Lambda is missing: "
                + "expected " + root.relativize(target.resolve(base + "-lambda-" + module.function() + ".jar")) + " or "
                + base + "-lambda.jar (built by the functions/"
                + module.module() + " module)." + built + " Build it from the repository root with: " + BUILD_COMMAND
                + " (scripts/synth does this)");
    }

    /** Where the libvips layer puts the library: a layer's {@code lib/} is {@code /opt/lib} in the function. */
    public static final String LAYER_LIB = "/opt/lib/";

    /**
     * The libvips Lambda layer the image processor's build stages for {@code arch} ({@code x86_64} or
     * {@code aarch64}): {@code functions/image-processor/target/libvips-layer-<arch>}, whose {@code lib/}
     * holds {@code libvips-cpp.so.<version>}.
     *
     * @return the layer directory and the library's file name
     * @throws CdkException MISSING_TOOL when the layer was not staged (npm was missing at build time, or the
     *     module was not built)
     */
    public LibvipsLayer libvipsLayer(String arch) {
        Path dir = root.resolve("functions").resolve(LambdaModule.IMAGE_PROCESSOR.module()).resolve("target")
                .resolve("libvips-layer-" + arch);
        try (var files = Files.list(dir.resolve("lib"))) {
            String lib = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("libvips-cpp.so."))
                    .sorted().findFirst().orElse(null);
            if (lib != null) {
                return new LibvipsLayer(dir, lib);
            }
        } catch (IOException e) {
            // reported below
        }
        throw new CdkException(Kind.MISSING_TOOL, "the image processor's libvips layer is missing: expected "
                + root.relativize(dir.resolve("lib")) + "/libvips-cpp.so.* (staged by functions/image-processor/native/"
                + "install.sh, which needs npm). Build it from the repository root with: " + BUILD_COMMAND);
    }

    /**
     * A staged libvips layer.
     *
     * @param directory the layer's root (its {@code lib/} becomes {@code /opt/lib})
     * @param library the library's file name in {@code lib/}
     */
    public record LibvipsLayer(Path directory, String library) {

        /** The path the function loads it from ({@code DAYSHIFT_LIBVIPS}). */
        public String pathInFunction() {
            return LAYER_LIB + library;
        }
    }

    /** The project version the jars carry in their names. */
    public String version() {
        return version;
    }

    /**
     * Checks that {@code jar} holds the handler class of {@code module} and, as a deployable must,
     * Dayshift's core and the Lambda runtime interface it implements.
     */
    static void check(Path jar, LambdaModule module) {
        String handler = module.handlerClass().replace('.', '/') + ".class";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(handler) == null) {
                throw new CdkException(Kind.FAILED, "the " + module.function() + " Lambda's handler class "
                        + module.handlerClass() + " is not in " + jar + ": fix the class name in "
                        + LambdaModule.class.getName() + "." + module.name() + " or rebuild the jar");
            }
            for (String needed : SELF_CONTAINED) {
                if (zip.getEntry(needed) == null) {
                    throw new CdkException(Kind.FAILED, jar + " is not a deployable Lambda jar: it lacks " + needed
                            + " (the functions/" + module.module() + " module must shade its dependencies into it)");
                }
            }
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
