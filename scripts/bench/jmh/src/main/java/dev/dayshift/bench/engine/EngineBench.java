package dev.dayshift.bench.engine;

import dev.dayshift.asl.AslEngine;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.HistoryMode;
import dev.dayshift.asl.MockConfig;
import dev.dayshift.asl.StartOptions;
import dev.dayshift.asl.StateMachine;
import dev.dayshift.asl.VirtualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The engine side of scripts/bench/engine: runs the benchmark machines in Dayshift's engine, one execution after
 * the other (as the peer does), and prints one JSON line per machine. With {@code --map ITEMS} it instead runs
 * one Map over that many items and reports time and heap (run it with -Xmx512m for the memory bound).
 *
 * <p>Usage: {@code EngineBench MACHINES_DIR LIFECYCLE_DEFINITION WARMUP_S ROUND_S ROUNDS} or
 * {@code EngineBench --map ITEMS}.
 */
public final class EngineBench {
    private EngineBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--map")) {
            map(Integer.parseInt(args[1]));
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: EngineBench MACHINES_DIR LIFECYCLE_DEFINITION [WARMUP_S ROUND_S ROUNDS]"
                    + " | EngineBench --map ITEMS");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        double round = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;

        StateMachine mixed = StateMachine.parse(Files.readString(dir.resolve("mixed.asl.json")));
        String mixedInput = Files.readString(dir.resolve("mixed.input.json"));
        AslEngine plain = AslEngine.builder().build();
        measure("mixed", () -> plain.run(mixed, mixedInput, StartOptions.builder().stateMachineName("mixed").build()),
                warmup, round, rounds);

        StateMachine lifecycle = StateMachine.parse(Files.readString(Path.of(args[1])));
        String lifecycleInput = Files.readString(dir.resolve("lifecycle.input.json"));
        MockConfig mocks = MockConfig.parse(Files.readString(dir.resolve("lifecycle.mocks.json")));
        AslEngine mocked = AslEngine.builder().resolver(mocks.resolver()).build();
        StartOptions happy = StartOptions.builder().stateMachineName("lifecycle").testCase("HappyPath").build();
        measure("lifecycle", () -> mocked.run(lifecycle, lifecycleInput, happy), warmup, round, rounds);
    }

    private static void measure(String name, java.util.function.Supplier<ExecutionResult> once, double warmup,
            double round, int rounds) {
        ExecutionResult first = once.get();
        if (!first.succeeded()) {
            throw new IllegalStateException(name + " did not succeed: " + first.error() + ": " + first.cause());
        }
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            once.get();
        }
        List<Double> perRound = new ArrayList<>();
        List<Double> perCpu = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            long stop = start + (long) (round * 1e9);
            int n = 0;
            while (System.nanoTime() < stop) {
                once.get();
                n++;
            }
            perRound.add(n / ((System.nanoTime() - start) / 1e9));
            perCpu.add(n / ((os.getProcessCpuTime() - cpu0) / 1e9));
        }
        double best = perRound.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double bestCpu = perCpu.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        System.out.println(String.format(Locale.ROOT,
                "{\"engine\":\"dayshift\",\"machine\":\"%s\",\"execPerSec\":%.1f,\"execPerCpuSec\":%.1f,"
                        + "\"rounds\":%s,\"output\":%s}",
                name, best, bestCpu, perRound.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList(),
                first.output()));
    }

    private static void map(int items) {
        StringBuilder in = new StringBuilder(items * 8).append("{\"items\":[");
        for (int i = 0; i < items; i++) {
            in.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append('}');
        }
        in.append("]}");
        StateMachine m = StateMachine.parse("{\"StartAt\":\"Each\",\"States\":{\"Each\":{\"Type\":\"Map\","
                + "\"ItemsPath\":\"$.items\",\"MaxConcurrency\":0,\"ItemProcessor\":{\"StartAt\":\"Check\",\"States\":{"
                + "\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.id\",\"NumericGreaterThanEquals\":0,"
                + "\"Next\":\"Shape\"}],\"Default\":\"Shape\"},"
                + "\"Shape\":{\"Type\":\"Pass\",\"Parameters\":{\"id.$\":\"$.id\",\"tag.$\":\"States.Format('item-{}', $.id)\"},"
                + "\"End\":true}}},\"ResultSelector\":{\"count.$\":\"States.ArrayLength($)\"},\"End\":true}}}");
        AslEngine engine = AslEngine.builder().clock(VirtualClock.autoAdvancing(Instant.EPOCH))
                .history(HistoryMode.NONE).payloadLimit(0).build();
        long start = System.nanoTime();
        ExecutionResult r = engine.run(m, in.toString());
        double secs = (System.nanoTime() - start) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.println(String.format(Locale.ROOT,
                "{\"engine\":\"dayshift\",\"machine\":\"map-%d\",\"status\":\"%s\",\"output\":%s,\"seconds\":%.2f,"
                        + "\"maxHeapMiB\":%d,\"usedHeapMiB\":%d}",
                items, r.status(), r.output(), secs, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20));
        if (!r.succeeded()) {
            System.exit(1);
        }
    }
}
