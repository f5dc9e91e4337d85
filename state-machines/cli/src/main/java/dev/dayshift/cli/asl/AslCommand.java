package dev.dayshift.cli.asl;

import dev.dayshift.asl.AslClock;
import dev.dayshift.asl.AslEngine;
import dev.dayshift.asl.AslProblem;
import dev.dayshift.asl.AslValidationException;
import dev.dayshift.asl.Conformance;
import dev.dayshift.asl.Execution;
import dev.dayshift.asl.ExecutionResult;
import dev.dayshift.asl.HistoryEvent;
import dev.dayshift.asl.InvalidInputException;
import dev.dayshift.asl.MockConfig;
import dev.dayshift.asl.StartOptions;
import dev.dayshift.asl.StateMachine;
import dev.dayshift.asl.TaskResolver;
import dev.dayshift.asl.VirtualClock;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.DayshiftException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dayshift asl}: validate, run and check Amazon States Language definitions in the embedded engine. */
@Command(
        name = "asl",
        mixinStandardHelpOptions = true,
        description = "Amazon States Language definitions in the embedded engine: validate, run, conformance.",
        subcommands = {AslCommand.Validate.class, AslCommand.Run.class, AslCommand.Check.class})
public final class AslCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing a command: validate, run or conformance; see 'dayshift asl --help'.");
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, what + " not found: " + file);
        } catch (IOException e) {
            throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "Cannot read " + what + " " + file + ": "
                    + e.getMessage());
        }
    }

    static void printProblems(PrintWriter err, Path file, List<AslProblem> problems) {
        err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        for (AslProblem p : problems) {
            err.println("  " + (p.pointer().isEmpty() ? "/" : p.pointer()) + ": " + p.message());
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Checks a definition and prints every problem with its JSON pointer.",
                "Exit 0 when valid, 2 when not."})
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The definition (*.asl.json).")
        Path file;

        @Override
        public Integer call() {
            List<AslProblem> problems = StateMachine.validate(read(file, "Definition"));
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println(file + ": valid");
                return ExitCodes.OK;
            }
            printProblems(spec.commandLine().getErr(), file, problems);
            return ExitCodes.BAD_INPUT;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs a definition in the embedded engine and prints its output (exit 0), or its error"
                + " and cause (exit 1).", "Tasks answer from a Step Functions Local mock file (--mock, --test-case);"
                + " a task without a mock fails the execution."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The definition (*.asl.json).")
        Path file;

        @Option(names = "--input", paramLabel = "JSON|@FILE", defaultValue = "{}",
                description = "Execution input: JSON text, or @ and a file name (default: {}).")
        String input;

        @Option(names = "--mock", paramLabel = "FILE",
                description = "A mock configuration in the AWS Step Functions Local format.")
        Path mock;

        @Option(names = "--test-case", paramLabel = "NAME", description = "The mock test case to use.")
        String testCase;

        @Option(names = "--state-machine-name", paramLabel = "NAME",
                description = "The state machine's name in the mock file and the context object (default: the file"
                    + " name without .asl.json, or the only state machine of the mock file).")
        String stateMachineName;

        @Option(names = "--history", description = "Print the execution history (AWS's JSON events) to stdout.")
        boolean history;

        @Option(names = "--virtual-clock", description = "Run on a virtual clock: Waits and backoffs take no time.")
        boolean virtual;

        @Option(names = {"-q", "--quiet"}, description = "Do not print progress (states entered) to stderr.")
        boolean quiet;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            StateMachine machine;
            try {
                machine = StateMachine.parse(read(file, "Definition"));
            } catch (AslValidationException e) {
                printProblems(err, file, e.problems());
                return ExitCodes.BAD_INPUT;
            }
            String inputJson = input.startsWith("@") ? read(Path.of(input.substring(1)), "Input file") : input;
            TaskResolver resolver = null;
            String name = stateMachineName;
            if (mock != null) {
                MockConfig config;
                try {
                    config = MockConfig.parse(read(mock, "Mock configuration"));
                } catch (AslValidationException e) {
                    printProblems(err, mock, e.problems());
                    return ExitCodes.BAD_INPUT;
                }
                if (name == null) {
                    name = config.stateMachines().size() == 1 ? config.stateMachines().iterator().next()
                            : defaultName();
                }
                if (testCase == null) {
                    throw new DayshiftException(DayshiftException.Kind.BAD_INPUT,
                            "--mock needs --test-case; the mock file has " + config.testCases(name) + " for " + name);
                }
                if (!config.testCases(name).contains(testCase)) {
                    throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "The mock file has no test case '"
                            + testCase + "' for the state machine '" + name + "' (it has " + config.testCases(name)
                            + "; choose the machine with --state-machine-name)");
                }
                resolver = config.resolver();
            } else if (testCase != null) {
                throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "--test-case needs --mock");
            }
            if (name == null) {
                name = defaultName();
            }
            AslClock clock = virtual ? VirtualClock.autoAdvancing(Instant.now()) : AslClock.system();
            StartOptions.Builder options = StartOptions.builder().stateMachineName(name).testCase(testCase);
            if (!quiet) {
                options.listener((exec, ev) -> {
                    if (ev.type().isStateEntered()) {
                        err.println("  -> " + ev.stateName());
                        err.flush();
                    }
                });
            }
            ExecutionResult r;
            try (AslEngine engine = AslEngine.builder().clock(clock).resolver(resolver).build()) {
                Execution e = engine.start(machine, inputJson, options.build());
                r = e.await();
            } catch (InvalidInputException e) {
                throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, e.getMessage());
            }
            if (history) {
                out.println("[");
                List<HistoryEvent> events = r.history();
                for (int i = 0; i < events.size(); i++) {
                    out.println("  " + events.get(i).toJson() + (i + 1 < events.size() ? "," : ""));
                }
                out.println("]");
            }
            if (r.succeeded()) {
                out.println(r.output());
                return ExitCodes.OK;
            }
            err.println("dayshift: the execution " + r.status() + ": " + (r.error() == null ? "(no error name)"
                    : r.error()) + (r.cause() == null || r.cause().isEmpty() ? "" : ": " + r.cause()));
            return ExitCodes.FAILED;
        }

        private String defaultName() {
            String n = file.getFileName().toString();
            n = n.replaceFirst("\\.asl\\.json$", "").replaceFirst("\\.json$", "");
            return n.isEmpty() ? "StateMachine" : n;
        }
    }

    @Command(name = "conformance", mixinStandardHelpOptions = true,
            description = {"Runs executions recorded on AWS Step Functions (shared/conformance/asl/cases.jsonl) on a"
                + " virtual clock and compares status, output, error and the states visited.",
                "Prints pass rates by feature, then 'N passed, M failed'. Exit 0 when the pass rate reaches"
                    + " --min-rate, else 1."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The cases, one JSON object a line.")
        Path file;

        @Option(names = "--min-rate", paramLabel = "PERCENT", defaultValue = "97",
                description = "The pass rate needed for exit 0 (default: ${DEFAULT-VALUE}).")
        double minRate;

        @Option(names = "--failures", description = "List each failed case and why.")
        boolean failures;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isRegularFile(file)) {
                throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, "Conformance cases not found: " + file);
            }
            Conformance.Report report;
            try {
                report = Conformance.run(file, null);
            } catch (InvalidInputException e) {
                throw new DayshiftException(DayshiftException.Kind.BAD_INPUT, e.getMessage());
            }
            out.printf("%-45s %8s %7s%n", "feature", "passed", "rate");
            for (Map.Entry<String, int[]> e : report.byFeature().entrySet()) {
                int[] v = e.getValue();
                out.printf("%-45s %4d/%-4d %6.1f%%%n", e.getKey(), v[0], v[1], 100.0 * v[0] / v[1]);
            }
            if (failures) {
                for (Conformance.CaseResult c : report.cases()) {
                    if (!c.passed()) {
                        out.println("FAILED " + c.id() + "\n    " + c.reason());
                    }
                }
            }
            long failedStatus = report.cases().stream().filter(c -> c.passed() && c.causeMatched()).count();
            out.printf("pass rate %.1f%% (causes identical to AWS's in %d cases)%n", report.rate(), failedStatus);
            out.println(report.passed() + " passed, " + report.failed() + " failed");
            return report.rate() >= minRate ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
