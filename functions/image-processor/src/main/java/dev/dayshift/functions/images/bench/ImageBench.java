package dev.dayshift.functions.images.bench;

import dev.dayshift.core.config.ImagePipelineConfig;
import dev.dayshift.functions.images.EncodedVariant;
import dev.dayshift.functions.images.ImageTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Dayshift side of scripts/bench/images: the default three variants of every input, libvips on one
 * thread, a warm-up round and then timed rounds; prints "dayshift: N images/s" and, last, the JVM's
 * peak resident set size. Not part of the Lambda jar.
 *
 * <p>Usage: ImageBench INPUT_DIR OUT_DIR ROUNDS (ROUNDS 0: one untimed pass, for the memory run).
 */
public final class ImageBench {

    private ImageBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ImageBench INPUT_DIR OUT_DIR ROUNDS");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(in)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        List<byte[]> inputs = new ArrayList<>();
        for (Path f : files) {
            inputs.add(Files.readAllBytes(f));
        }
        ImageTransformer t = ImageTransformer.create(1);
        ImagePipelineConfig config = ImagePipelineConfig.defaults();
        // Warm-up (and the outputs the comparison reads).
        for (int i = 0; i < inputs.size(); i++) {
            for (EncodedVariant v : t.transform(inputs.get(i), config)) {
                Path p = out.resolve(v.variant().name()).resolve(files.get(i).getFileName() + "." + v.extension());
                Files.createDirectories(p.getParent());
                Files.write(p, v.bytes());
            }
        }
        if (rounds > 0) {
            long[] nanos = new long[inputs.size()];
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < inputs.size(); i++) {
                    long t0 = System.nanoTime();
                    t.transform(inputs.get(i), config);
                    nanos[i] += System.nanoTime() - t0;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
            for (int i = 0; i < inputs.size(); i++) {
                System.out.printf(Locale.ROOT, "dayshift %s: %.1f ms%n", files.get(i).getFileName(), nanos[i] / 1e6 / rounds);
            }
            System.out.printf(Locale.ROOT, "dayshift: %.3f images/s (%d images x %d rounds in %.2f s, libvips %s, 1 thread)%n",
                    inputs.size() * rounds / seconds, inputs.size(), rounds, seconds, t.libvipsVersion());
            System.out.printf(Locale.ROOT, "dayshift-cpu: %.3f images per CPU second (process CPU time %.2f s)%n",
                    inputs.size() * rounds / cpuSeconds, cpuSeconds);
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.println("dayshift peak RSS: " + line.substring(6).strip());
            }
        }
    }
}
