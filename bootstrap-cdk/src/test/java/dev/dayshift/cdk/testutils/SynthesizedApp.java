package dev.dayshift.cdk.testutils;

import dev.dayshift.cdk.AppSettings;
import dev.dayshift.cdk.DayshiftStacks;
import dev.dayshift.cdk.DayshiftStacks.EnvironmentStacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The app synthesized once per test JVM from the test configuration (src/test/resources/fixture):
 * CDK synth in Java starts node through jsii and takes tens of seconds, so every test class of the
 * module shares this one (surefire runs them in one JVM). Templates and messages are read from the
 * written cloud assembly, never through {@code Template.fromStack} or {@code Annotations.fromStack}:
 * the latter synthesizes the whole app again on every call.
 */
public final class SynthesizedApp {

    private static SynthesizedApp instance;

    private final List<EnvironmentStacks> environments;
    private final Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
    private final CloudAssembly assembly;
    private final Path outdir;
    private final double synthSeconds;

    private SynthesizedApp() throws Exception {
        long begin = System.nanoTime();
        Path root = root();
        this.outdir = Files.createTempDirectory("dayshift-cdk-test");
        App app = App.Builder.create().outdir(outdir.toString()).build();
        AppSettings settings = AppSettings.from(
                Map.<String, Object>of(AppSettings.CONFIG, fixture().resolve("dayshift.yaml").toString(),
                        AppSettings.ROOT, root.toString())::get,
                Map.of(), root.resolve("bootstrap-cdk"));
        this.environments = DayshiftStacks.addTo(app, settings);
        long start = System.nanoTime();
        this.assembly = app.synth();
        this.synthSeconds = (System.nanoTime() - start) / 1e9;
        // For the record (docs/deploy.md); never asserted: speed is not a unit-test property.
        System.out.printf("bootstrap-cdk tests: constructs (with jsii's start) %.1f s, app.synth() of %d stacks %.1f s%n",
                (start - begin) / 1e9, environments.size() * 3, synthSeconds);
        ObjectMapper json = new ObjectMapper();
        for (EnvironmentStacks e : environments) {
            for (Stack s : List.of(e.state(), e.orchestrator(), e.images())) {
                Path file = outdir.resolve(s.getTemplateFile());
                templates.put(s.getStackName(), json.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { }));
            }
        }
    }

    /** The shared synthesis; the first call synthesizes. */
    public static synchronized SynthesizedApp get() {
        if (instance == null) {
            try {
                instance = new SynthesizedApp();
            } catch (Exception e) {
                throw new IllegalStateException("the test app did not synthesize", e);
            }
        }
        return instance;
    }

    /** The repository root (set by surefire; falls back to walking up from the module directory). */
    public static Path root() {
        String p = System.getProperty("dayshift.root");
        Path root = p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** The directory of the test configuration. */
    public static Path fixture() {
        return root().resolve("bootstrap-cdk/src/test/resources/fixture");
    }

    public List<EnvironmentStacks> environments() {
        return environments;
    }

    /** Every stack's template as JSON, by stack name. */
    public Map<String, Map<String, Object>> templates() {
        return templates;
    }

    /** How long {@code app.synth()} took (for the record in docs/deploy.md; never asserted). */
    public double synthSeconds() {
        return synthSeconds;
    }

    public CloudAssembly assembly() {
        return assembly;
    }

    public Path outdir() {
        return outdir;
    }
}
