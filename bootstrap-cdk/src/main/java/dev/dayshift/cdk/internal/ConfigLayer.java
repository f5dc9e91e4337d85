package dev.dayshift.cdk.internal;

import dev.dayshift.cdk.CdkException;
import dev.dayshift.core.DayshiftException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * A Lambda layer holding the configuration file the app was synthesized from, at
 * {@link DayshiftFunction#CONFIG_PATH}: the functions read the very configuration that built their
 * schedules, budgets and permissions, and a configuration change is a deployment.
 */
public final class ConfigLayer {

    private ConfigLayer() {
    }

    public static LayerVersion create(Construct scope, String id, String name, Path configFile) {
        Path dir = stage(configFile);
        return LayerVersion.Builder.create(scope, id)
                .layerVersionName(name)
                .description("Dayshift configuration (" + configFile.getFileName() + ")")
                .code(Code.fromAsset(dir.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.X86_64))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** Copies the file into a directory named by its content hash, laid out as the layer's /opt. */
    private static Path stage(Path configFile) {
        try {
            byte[] bytes = Files.readAllBytes(configFile);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "dayshift-cdk-config-" + hash);
            Path target = dir.resolve(Path.of(DayshiftFunction.CONFIG_PATH.substring("/opt/".length())));
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            return dir;
        } catch (IOException e) {
            throw new CdkException(Kind.FAILED, "cannot stage the configuration layer from " + configFile + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
