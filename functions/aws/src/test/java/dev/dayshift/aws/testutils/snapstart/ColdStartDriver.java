package dev.dayshift.aws.testutils.snapstart;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The JVM {@code scripts/bench/coldstart} starts for each handler and mode: loads the handler from its
 * deployable jar in a {@link CountingClassLoader} (as Lambda's runtime loads a function), builds it from
 * the process environment (init), in mode {@code primed} runs its SnapStart hooks, invokes it once (the
 * first invocation) and, in mode {@code primed}, {@code warmup + warm} more times. It prints one line,
 * {@code COLDSTART {json}}, with the times and the classes loaded (the function's, counted by the
 * loader, and the JVM's total).
 *
 * <p>The event file may hold {@code ${N}} (the invocation's number, 0 for the first) and
 * {@code ${TIME}} (a distinct minute per invocation, ISO-8601), so that every invocation is a new
 * event that takes the first one's path rather than a redelivery.
 *
 * <p>Usage: {@code ColdStartDriver JAR HANDLER_CLASS EVENT_FILE cold|primed [WARMUP WARM]}
 */
public final class ColdStartDriver {

    /** Loaded right before and right after the first invocation: markers in {@code -Xlog:class+load}. */
    public static final class FirstInvocationBegins {
        private FirstInvocationBegins() {
        }
    }

    /** See {@link FirstInvocationBegins}. */
    public static final class FirstInvocationEnds {
        private FirstInvocationEnds() {
        }
    }

    private ColdStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 6) {
            System.err.println("usage: ColdStartDriver JAR HANDLER_CLASS EVENT_FILE cold|primed [WARMUP WARM]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        String handler = args[1];
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        boolean primed = args[3].equals("primed");
        int warmup = args.length == 6 ? Integer.parseInt(args[4]) : 0;
        int warm = args.length == 6 ? Integer.parseInt(args[5]) : 0;
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.DAYS);
        String first = event(template, 0, base);

        long jvmBefore = loadedInJvm();
        IsolatedLambda lambda = IsolatedLambda.load(List.of(jar.toUri().toURL()), handler, null);
        IsolatedLambda.Step init = lambda.init();
        IsolatedLambda.Step prime = null;
        IsolatedLambda.Step restore = null;
        if (primed) {
            prime = lambda.prime();
            restore = lambda.restore();
        }
        long jvmAfterInit = loadedInJvm();
        Class.forName(FirstInvocationBegins.class.getName());
        IsolatedLambda.Step invocation = lambda.invoke(first);
        Class.forName(FirstInvocationEnds.class.getName());
        long jvmAfterFirst = loadedInJvm();

        double[] times = new double[warm];
        for (int i = 1; i <= warmup + warm; i++) {
            IsolatedLambda.Step s = lambda.invoke(event(template, i, base));
            if (i > warmup) {
                times[i - warmup - 1] = s.millis();
            }
        }
        Arrays.sort(times);

        StringBuilder b = new StringBuilder("COLDSTART {");
        field(b, "handler", '"' + handler + '"');
        field(b, "mode", '"' + args[3] + '"');
        field(b, "jarBytes", String.valueOf(jar.toFile().length()));
        field(b, "initMs", ms(init.millis()));
        field(b, "primeMs", prime == null ? "null" : ms(prime.millis()));
        field(b, "restoreMs", restore == null ? "null" : ms(restore.millis()));
        field(b, "primingFailures", prime == null ? "null" : quote(prime.output()));
        field(b, "classesAtInit", String.valueOf(init.loaded().size() + (prime == null ? 0 : prime.loaded().size())));
        field(b, "jvmClassesAtInit", String.valueOf(jvmAfterInit - jvmBefore));
        field(b, "firstMs", ms(invocation.millis()));
        field(b, "classesAtFirst", String.valueOf(invocation.loaded().size()));
        field(b, "sdkOrJacksonAtFirst", String.valueOf(invocation.loaded(IsolatedLambda.SDK_OR_JACKSON).size()));
        field(b, "jvmClassesAtFirst", String.valueOf(jvmAfterFirst - jvmAfterInit));
        field(b, "warm", String.valueOf(warm));
        field(b, "warmP50Ms", warm == 0 ? "null" : ms(percentile(times, 50)));
        field(b, "warmP99Ms", warm == 0 ? "null" : ms(percentile(times, 99)));
        field(b, "firstOutput", quote(clip(invocation.output(), 300)));
        b.setLength(b.length() - 1);
        System.out.println(b.append('}'));
        System.out.flush();
        lambda.close();
    }

    static String event(String template, int n, Instant base) {
        return template.replace("${N}", String.valueOf(n)).replace("${TIME}", base.plus(n, ChronoUnit.MINUTES).toString());
    }

    private static double percentile(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long loadedInJvm() {
        return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":").append(value).append(',');
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "")
                .replace("\t", "\\t") + '"';
    }
}
