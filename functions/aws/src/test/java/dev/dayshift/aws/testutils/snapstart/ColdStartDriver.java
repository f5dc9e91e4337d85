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
 * <p>The event file may hold {@code ${N}} (the invocation's number: {@code -Dcoldstart.first}, default 0,
 * for the first, then counting up) and {@code ${TIME}} (a distinct minute per number, ISO-8601), so that
 * every invocation, also across the JVMs of one benchmark, is a new event that takes the first one's
 * path rather than a redelivery.
 *
 * <p>Mode {@code list} is {@code cold} with the next event invoked too before the end marker: what
 * {@code scripts/bench/coldstart --class-lists} reads the class list from.
 *
 * <p>The handler's classes load from {@code -Dcoldstart.taskRoot} when it is set, the jar extracted into a
 * directory as Lambda extracts a deployment package into {@code /var/task} (its runtime loads classes from
 * there, not from the jar); else from the jar itself.
 *
 * <p>With {@code -Dcoldstart.verbose=true}: the classes the first invocation loads and the times of the
 * next invocations, on stderr.
 *
 * <p>Usage: {@code ColdStartDriver JAR HANDLER_CLASS EVENT_FILE cold|primed|list [WARMUP WARM]}, or
 * {@code ColdStartDriver --jpeg FILE WIDTH HEIGHT} to write the image processor's input (a photo-like JPEG:
 * gradients, shapes and noise, so that it compresses like a photograph).
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
        if (args.length == 4 && args[0].equals("--jpeg")) {
            photo(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        if (args.length != 4 && args.length != 6) {
            System.err.println("usage: ColdStartDriver JAR HANDLER_CLASS EVENT_FILE cold|primed|list [WARMUP WARM]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        String handler = args[1];
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        boolean primed = args[3].equals("primed");
        int warmup = args.length == 6 ? Integer.parseInt(args[4]) : 0;
        int warm = args.length == 6 ? Integer.parseInt(args[5]) : 0;
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.DAYS);
        int offset = Integer.getInteger("coldstart.first", 0);
        String first = event(template, offset, base);

        long jvmBefore = loadedInJvm();
        String taskRoot = System.getProperty("coldstart.taskRoot");
        IsolatedLambda lambda = IsolatedLambda.load(
                List.of(taskRoot == null ? jar.toUri().toURL() : Path.of(taskRoot).toUri().toURL()), handler, null);
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
        if (args[3].equals("list")) {
            // For the class list: also the next event, which an idempotent handler may answer from what the
            // first one recorded (a repeated budget alert, a held-back alarm): the other path a restored
            // copy's first request can take.
            lambda.invoke(event(template, offset + 1, base));
        }
        Class.forName(FirstInvocationEnds.class.getName());
        long jvmAfterFirst = loadedInJvm();
        if (Boolean.getBoolean("coldstart.verbose")) {
            invocation.loaded().forEach(c -> System.err.println("first invocation loaded " + c));
        }

        double[] times = new double[warm];
        double second = Double.NaN;
        for (int i = 1; i <= warmup + warm; i++) {
            IsolatedLambda.Step s = lambda.invoke(event(template, offset + i, base));
            if (i == 1) {
                second = s.millis();
            }
            if (Boolean.getBoolean("coldstart.verbose") && i <= 30) {
                System.err.printf(Locale.ROOT, "invocation %d: %.2f ms%n", i + 1, s.millis());
            }
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
        field(b, "secondMs", Double.isNaN(second) ? "null" : ms(second));
        field(b, "warm", String.valueOf(warm));
        field(b, "warmP50Ms", warm == 0 ? "null" : ms(percentile(times, 50)));
        field(b, "warmP99Ms", warm == 0 ? "null" : ms(percentile(times, 99)));
        field(b, "firstOutput", quote(clip(invocation.output(), 300)));
        b.setLength(b.length() - 1);
        System.out.println(b.append('}'));
        System.out.flush();
        lambda.close();
    }

    private static void photo(Path file, int w, int h) throws java.io.IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + noise.nextInt(24)) & 0xff;
                int g = (y * 255 / h + noise.nextInt(24)) & 0xff;
                int b = ((x + y) * 127 / (w + h) + 64 + noise.nextInt(24)) & 0xff;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        java.awt.Graphics2D g = img.createGraphics();
        for (int i = 0; i < 40; i++) {
            g.setColor(new java.awt.Color(noise.nextInt(0xffffff)));
            g.fillOval(noise.nextInt(w), noise.nextInt(h), 40 + noise.nextInt(w / 4), 40 + noise.nextInt(h / 4));
        }
        g.dispose();
        javax.imageio.ImageIO.write(img, "jpeg", file.toFile());
    }

    /**
     * Event {@code n} of {@code template}: {@code ${N}} is n, {@code ${TIME}} is {@code base} plus n minutes,
     * {@code ${TIME:<instant>}} is that instant plus n minutes.
     */
    static String event(String template, int n, Instant base) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{TIME:([^}]+)}").matcher(template);
        String fixed = m.replaceAll(r -> Instant.parse(r.group(1)).plus(n, ChronoUnit.MINUTES).toString());
        return fixed.replace("${N}", String.valueOf(n)).replace("${TIME}", base.plus(n, ChronoUnit.MINUTES).toString());
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
