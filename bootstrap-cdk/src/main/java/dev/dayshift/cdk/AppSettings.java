package dev.dayshift.cdk;

import dev.dayshift.core.DayshiftException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the app synthesizes, from CDK context ({@code -c key=value} or cdk.json) and environment
 * variables. Context keys:
 * <ul>
 *   <li>{@code dayshift:config}: the configuration file (the environment variable {@code DAYSHIFT_CONFIG}
 *       wins over it; without either, {@code dayshift.yaml} at the repository root);</li>
 *   <li>{@code dayshift:environments}: a comma-separated subset of the configured environments (default all);</li>
 *   <li>{@code dayshift:terraformLockTable}: {@code true} adds a DynamoDB lock table for Terraform &lt; 1.10
 *       (default {@code false}: Terraform's native S3 lockfile);</li>
 *   <li>{@code dayshift:root}: the repository root (default: found by walking up from the working directory).</li>
 * </ul>
 *
 * @param root the repository root: the ASL definitions, buildspecs and Lambda jars are read below it
 * @param configFile the Dayshift configuration file
 * @param environments the environments to synthesize; empty means all
 * @param terraformLockTable whether to add the optional DynamoDB lock table
 */
public record AppSettings(Path root, Path configFile, Set<String> environments, boolean terraformLockTable) {

    /** Context key of the configuration file. */
    public static final String CONFIG = "dayshift:config";
    /** Context key of the environment subset. */
    public static final String ENVIRONMENTS = "dayshift:environments";
    /** Context key of the optional Terraform lock table. */
    public static final String LOCK_TABLE = "dayshift:terraformLockTable";
    /** Context key of the repository root. */
    public static final String ROOT = "dayshift:root";

    public AppSettings {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(configFile, "configFile");
        environments = Set.copyOf(environments);
    }

    /**
     * Reads the settings.
     *
     * @param context CDK context lookup (returns null when a key is unset)
     * @param env the process environment
     * @param workingDirectory what relative paths resolve against
     * @throws CdkException when the repository root or the configuration file cannot be found
     */
    public static AppSettings from(Function<String, Object> context, Map<String, String> env, Path workingDirectory) {
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        Path root = text(context.apply(ROOT))
                .map(r -> cwd.resolve(r).normalize())
                .or(() -> Optional.ofNullable(System.getProperty("dayshift.root")).map(r -> cwd.resolve(r).normalize()))
                .orElseGet(() -> findRoot(cwd));
        if (!Files.isDirectory(root.resolve("state-machines/definitions"))) {
            throw new CdkException(Kind.BAD_INPUT, "not a Dayshift repository root (no state-machines/definitions): " + root
                    + "; run from the repository or pass -c " + ROOT + "=PATH");
        }
        Optional<String> configured = text(env.get("DAYSHIFT_CONFIG")).or(() -> text(context.apply(CONFIG)));
        Path config = configured.map(c -> cwd.resolve(c).normalize()).orElse(root.resolve("dayshift.yaml"));
        if (!Files.isRegularFile(config)) {
            throw new CdkException(Kind.BAD_INPUT, "configuration file not found: " + config
                    + (configured.isPresent() ? "" : " (no DAYSHIFT_CONFIG and no -c " + CONFIG + "=FILE given)"));
        }
        Set<String> only = new LinkedHashSet<>();
        text(context.apply(ENVIRONMENTS)).ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(only::add));
        boolean lockTable = text(context.apply(LOCK_TABLE)).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new CdkException(Kind.BAD_INPUT,
                    "context " + LOCK_TABLE + " must be true or false, not '" + v + "'");
        }).orElse(false);
        return new AppSettings(root, config, only, lockTable);
    }

    private static Optional<String> text(Object value) {
        return value == null ? Optional.empty() : Optional.of(value.toString().trim()).filter(s -> !s.isEmpty());
    }

    private static Path findRoot(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("state-machines/definitions")) && Files.isDirectory(p.resolve("bootstrap-cdk"))) {
                return p;
            }
        }
        throw new CdkException(Kind.BAD_INPUT, "cannot find the Dayshift repository root above " + start
                + "; run from the repository or pass -c " + ROOT + "=PATH");
    }
}
