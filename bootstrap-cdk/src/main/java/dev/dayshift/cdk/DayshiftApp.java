package dev.dayshift.cdk;

import dev.dayshift.core.DayshiftException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cloudassembly.schema.ArtifactMetadataEntryType;

/**
 * The CDK app: {@code cdk synth} (through cdk.json) and {@code scripts/synth} run this. It writes the
 * cloud assembly to {@code $CDK_OUTDIR} (default {@code cdk.out}) with cdk-nag's reports beside the
 * templates, and exits non-zero when cdk-nag reports an unsuppressed error.
 *
 * <p>Exit codes: 0 synthesized; 1 cdk-nag errors; 2 bad configuration or settings; 3 a Lambda jar
 * or other build output is missing.
 */
public final class DayshiftApp {

    private DayshiftApp() {
    }

    public static void main(String[] args) {
        int status;
        try {
            App app = new App();
            AppSettings settings = AppSettings.from(key -> app.getNode().tryGetContext(key), System.getenv(),
                    Path.of("").toAbsolutePath());
            DayshiftStacks.addTo(app, settings);
            CloudAssembly assembly = app.synth();
            List<String> errors = errors(assembly);
            errors.forEach(e -> System.err.println("dayshift-cdk: " + e));
            status = errors.isEmpty() ? 0 : 1;
        } catch (DayshiftException e) {
            System.err.println("dayshift-cdk: " + e.getMessage());
            status = e.kind().exitCode();
        }
        System.exit(status);
    }

    /** Every error annotation in the assembly (cdk-nag's unsuppressed findings among them). */
    public static List<String> errors(CloudAssembly assembly) {
        List<String> out = new ArrayList<>();
        assembly.getStacks().forEach(stack -> stack.getMessages().forEach(m -> {
            if (m.getLevel().name().equals("ERROR")) {
                out.add(stack.getStackName() + " " + m.getId() + ": " + m.getEntry().getData());
            }
        }));
        return out;
    }
}
