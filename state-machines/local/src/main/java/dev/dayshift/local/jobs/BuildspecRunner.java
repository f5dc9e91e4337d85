package dev.dayshift.local.jobs;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.local.internal.Trees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a CodeBuild buildspec on this host, the way CodeBuild runs it:
 *
 * <ul>
 *   <li>a work directory per build ({@code <builds>/<project>/<time>-<id>/}) holding {@code src/} (a
 *       copy of the source, {@code CODEBUILD_SRC_DIR}), secondary sources, and {@code build.log};</li>
 *   <li>phases in order (install, pre_build, build, post_build), every command in <em>one</em> shell
 *       (buildspec 0.2: {@code cd}, variables and functions carry over); a failing command fails its
 *       phase, {@code finally} still runs; a failed install or pre_build skips the rest, a failed build
 *       still runs post_build with {@code CODEBUILD_BUILD_SUCCEEDING=0}; {@code on-failure: CONTINUE}
 *       goes on;</li>
 *   <li>environment variables as CodeBuild sets them ({@code CODEBUILD_BUILD_ID}, {@code _ARN},
 *       {@code _NUMBER}, {@code CODEBUILD_SRC_DIR[_id]}, {@code CODEBUILD_START_TIME}, ...), with
 *       start-build overrides over project variables over the buildspec's {@code env.variables};</li>
 *   <li>{@code exported-variables} read from the shell after post_build;</li>
 *   <li>artifacts copied to the requested directory (attempted even when the build phase failed);</li>
 *   <li>a timeout for the whole build, after which the shell and its children are killed
 *       ({@code TIMED_OUT}).</li>
 * </ul>
 *
 * A command's failure message is CodeBuild's: "Error while executing command: CMD. Reason: exit status N".
 * Processes a command starts in the background (a demo service) outlive the build, as on a build host
 * they would not: that is what the local {@code script} tool's runtime relies on.
 */
public final class BuildspecRunner {

    private static final DateTimeFormatter DIR_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Set<String> SKIPPED_ON_COPY = Set.of(".terraform", "node_modules", "cdk.out", ".dayshift",
            ".dayshift-out", ".git", "target");

    private static final String DRIVER = String.join("\n",
            "exec 9>&1",
            "exec 1>>\"$DAYSHIFT_BUILD_LOG\" 2>&1",
            "unset DAYSHIFT_BUILD_LOG",
            "while IFS= read -r -d '' __ds_cmd; do",
            "  case \"$__ds_cmd\" in",
            "    '__ds_export '*)",
            "      for __ds_n in ${__ds_cmd#__ds_export }; do",
            "        printf 'var %s %s\\n' \"$__ds_n\" \"$(printf '%s' \"${!__ds_n-}\" | base64 | tr -d '\\n')\" >&9",
            "      done",
            "      printf 'done\\n' >&9 ;;",
            "    *)",
            "      { eval \"$__ds_cmd\"; } </dev/null 9>&-",
            "      printf 'rc %d\\n' \"$?\" >&9 ;;",
            "  esac",
            "done",
            "");

    private final Path buildsRoot;
    private final Clock clock;
    private final Map<String, String> hostEnvironment;
    private final AtomicLong numbers = new AtomicLong();

    /**
     * @param buildsRoot where work directories are created
     * @param hostEnvironment the environment the build image would have (PATH, HOME, ...); usually
     *     {@code System.getenv()}
     */
    public BuildspecRunner(Path buildsRoot, Map<String, String> hostEnvironment) {
        this(buildsRoot, hostEnvironment, Clock.systemUTC());
    }

    BuildspecRunner(Path buildsRoot, Map<String, String> hostEnvironment, Clock clock) {
        this.buildsRoot = buildsRoot.toAbsolutePath().normalize();
        this.clock = clock;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
    }

    /** Runs one build to its end and reports it; never throws for a failing build, only for an unusable host. */
    public BuildResult run(BuildRequest request) {
        Instant start = clock.instant();
        String uuid = UUID.randomUUID().toString();
        String id = request.projectName() + ":" + uuid;
        long number = numbers.incrementAndGet();
        Path work = buildsRoot.resolve(request.projectName()).resolve(DIR_TIME.format(start) + "-" + uuid.substring(0, 8));
        Path src = work.resolve("src");
        Path log = work.resolve("build.log");
        List<BuildResult.PhaseResult> phases = new ArrayList<>();
        phases.add(done("SUBMITTED", "SUCCEEDED", start));
        phases.add(done("QUEUED", "SUCCEEDED", start));
        try {
            Files.createDirectories(work);
            Files.writeString(log, "");
        } catch (IOException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot create build directory " + work + ": " + e.getMessage(), e);
        }
        Session session = null;
        Instant deadline = start.plus(request.timeout());
        String status;
        Map<String, String> exported = new LinkedHashMap<>();
        Optional<Path> uploaded = Optional.empty();
        try {
            Instant t = clock.instant();
            Map<String, String> env = environment(request, id, number, src, log, start, work);
            phases.add(done("PROVISIONING", "SUCCEEDED", t));
            t = clock.instant();
            try {
                if (!Files.isDirectory(request.sourceDirectory())) {
                    throw new IOException("source directory " + request.sourceDirectory() + " does not exist");
                }
                copyTree(request.sourceDirectory(), src);
                for (Map.Entry<String, Path> s : request.secondarySources().entrySet()) {
                    if (!Files.isDirectory(s.getValue())) {
                        throw new IOException("secondary source '" + s.getKey() + "' (" + s.getValue() + ") does not exist");
                    }
                    copyTree(s.getValue(), work.resolve("src_" + s.getKey()));
                }
            } catch (IOException | UncheckedIOException e) {
                phases.add(new BuildResult.PhaseResult("DOWNLOAD_SOURCE", "FAILED", t, clock.instant(),
                        Optional.of("CLIENT_ERROR"), Optional.of(e.getMessage())));
                return finish(request, id, number, "FAILED", phases, exported, log, work, start, uploaded);
            }
            phases.add(done("DOWNLOAD_SOURCE", "SUCCEEDED", t));
            note(log, "Entering build with " + request.buildspec().phases().size() + " phases");
            session = Session.start(request.buildspec().shell(), env, src, log);
            status = "SUCCEEDED";
            boolean abort = false;
            boolean timedOut = false;
            for (Buildspec.Phase phase : request.buildspec().phases()) {
                if (abort) {
                    break;
                }
                Instant ps = clock.instant();
                note(log, "Entering phase " + phase.type());
                session.run("export CODEBUILD_BUILD_SUCCEEDING=" + (status.equals("SUCCEEDED") ? 1 : 0), deadline);
                Outcome o = Outcome.OK;
                String failedMessage = null;
                for (String cmd : phase.commands()) {
                    note(log, "Running command " + cmd);
                    Session.Result r = session.run(cmd, deadline);
                    if (r.rc() != 0 || r.timedOut() || r.died()) {
                        o = r.timedOut() ? Outcome.TIMED_OUT : Outcome.FAILED;
                        failedMessage = "Error while executing command: " + oneLine(cmd) + ". Reason: exit status " + r.rc();
                        break;
                    }
                }
                if (o != Outcome.TIMED_OUT && session.alive()) {
                    for (String cmd : phase.finallyCommands()) {
                        note(log, "Running command " + cmd);
                        Session.Result r = session.run(cmd, deadline);
                        if (r.rc() != 0 || r.timedOut()) {
                            if (o == Outcome.OK) {
                                failedMessage = "Error while executing command: " + oneLine(cmd) + ". Reason: exit status " + r.rc();
                            }
                            o = r.timedOut() ? Outcome.TIMED_OUT : Outcome.FAILED;
                            break;
                        }
                    }
                }
                Instant pe = clock.instant();
                switch (o) {
                    case OK -> phases.add(new BuildResult.PhaseResult(phase.type().name(), "SUCCEEDED", ps, pe,
                            Optional.empty(), Optional.empty()));
                    case FAILED -> {
                        phases.add(new BuildResult.PhaseResult(phase.type().name(), "FAILED", ps, pe,
                                Optional.of("COMMAND_EXECUTION_ERROR"), Optional.of(failedMessage)));
                        status = "FAILED";
                        if (!phase.continueOnFailure() && (phase.type() == Buildspec.PhaseType.INSTALL
                                || phase.type() == Buildspec.PhaseType.PRE_BUILD)) {
                            abort = true;
                        }
                        if (!session.alive()) {
                            abort = true;
                        }
                    }
                    case TIMED_OUT -> {
                        phases.add(new BuildResult.PhaseResult(phase.type().name(), "TIMED_OUT", ps, pe,
                                Optional.of("BUILD_TIMED_OUT"), Optional.of("Build has timed out. ")));
                        status = "TIMED_OUT";
                        abort = true;
                        timedOut = true;
                    }
                }
                note(log, "Phase complete: " + phase.type() + " State: " + phases.get(phases.size() - 1).status());
            }
            if (!timedOut && session.alive() && !request.buildspec().exportedVariables().isEmpty()) {
                exported.putAll(session.export(request.buildspec().exportedVariables(), deadline));
            }
            boolean earlyAbort = phases.stream().anyMatch(p -> "FAILED".equals(p.status())
                    && (p.type().equals("INSTALL") || p.type().equals("PRE_BUILD")));
            if (!timedOut && !earlyAbort && request.artifactsDirectory().isPresent() && request.buildspec().artifacts().isPresent()) {
                Instant ua = clock.instant();
                try {
                    int n = upload(request.buildspec().artifacts().get(), src, request.artifactsDirectory().get());
                    note(log, "Uploaded " + n + " artifact file(s) to " + request.artifactsDirectory().get());
                    phases.add(done("UPLOAD_ARTIFACTS", "SUCCEEDED", ua));
                    uploaded = request.artifactsDirectory();
                } catch (IOException | UncheckedIOException e) {
                    phases.add(new BuildResult.PhaseResult("UPLOAD_ARTIFACTS", "FAILED", ua, clock.instant(),
                            Optional.of("CLIENT_ERROR"), Optional.of(e.getMessage())));
                    status = "FAILED";
                }
            }
            return finish(request, id, number, status, phases, exported, log, work, start, uploaded);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private enum Outcome { OK, FAILED, TIMED_OUT }

    private BuildResult finish(BuildRequest request, String id, long number, String status, List<BuildResult.PhaseResult> phases,
                               Map<String, String> exported, Path log, Path work, Instant start, Optional<Path> uploaded) {
        Instant end = clock.instant();
        phases.add(done("FINALIZING", "SUCCEEDED", end));
        phases.add(new BuildResult.PhaseResult("COMPLETED", null, end, null, Optional.empty(), Optional.empty()));
        note(log, "Build " + id + " " + status);
        return new BuildResult(id, arn(id), number, request.projectName(), status, phases, exported, log, work, start, end, uploaded);
    }

    private static BuildResult.PhaseResult done(String type, String status, Instant start) {
        return new BuildResult.PhaseResult(type, status, start, start, Optional.empty(), Optional.empty());
    }

    private static String arn(String id) {
        return "arn:aws:codebuild:local:000000000000:build/" + id;
    }

    private Map<String, String> environment(BuildRequest r, String id, long number, Path src, Path log, Instant start, Path work) {
        Map<String, String> env = new LinkedHashMap<>();
        hostEnvironment.forEach((k, v) -> {
            if (!k.startsWith("CODEBUILD_") && !k.startsWith("DAYSHIFT_")) {
                env.put(k, v);
            }
        });
        env.putIfAbsent("AWS_REGION", "us-east-1");
        env.putIfAbsent("AWS_DEFAULT_REGION", env.get("AWS_REGION"));
        env.put("CODEBUILD_BUILD_ID", id);
        env.put("CODEBUILD_BUILD_ARN", arn(id));
        env.put("CODEBUILD_BUILD_NUMBER", Long.toString(number));
        env.put("CODEBUILD_INITIATOR", "dayshift-local");
        env.put("CODEBUILD_SRC_DIR", src.toString());
        env.put("CODEBUILD_START_TIME", Long.toString(start.toEpochMilli()));
        env.put("CODEBUILD_LOG_PATH", id.substring(id.indexOf(':') + 1));
        env.put("CODEBUILD_BUILD_IMAGE", "dayshift-local-host");
        env.put("CODEBUILD_BUILD_SUCCEEDING", "1");
        env.put("CODEBUILD_LOCAL_WORK_DIR", work.toString());
        for (String sid : r.secondarySources().keySet()) {
            env.put("CODEBUILD_SRC_DIR_" + sid, work.resolve("src_" + sid).toString());
        }
        env.putAll(r.buildspec().variables());
        env.putAll(r.projectEnvironment());
        env.putAll(r.overrides());
        env.put("DAYSHIFT_BUILD_LOG", log.toString());
        return env;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Trees.copy(from, to, SKIPPED_ON_COPY);
    }

    private static int upload(Buildspec.Artifacts a, Path src, Path target) throws IOException {
        Path base = a.baseDirectory().isEmpty() ? src : src.resolve(a.baseDirectory()).normalize();
        if (!base.startsWith(src) || !Files.isDirectory(base)) {
            throw new IOException("artifacts base-directory '" + a.baseDirectory() + "' does not exist in the build's source");
        }
        List<PathMatcher> matchers = new ArrayList<>();
        for (String pattern : a.files()) {
            matchers.add(base.getFileSystem().getPathMatcher("glob:" + pattern));
            if (pattern.startsWith("**/")) {
                matchers.add(base.getFileSystem().getPathMatcher("glob:" + pattern.substring(3)));
            }
        }
        List<Path> files;
        try (var walk = Files.walk(base)) {
            files = walk.filter(Files::isRegularFile).filter(f -> matchers.stream().anyMatch(m -> m.matches(base.relativize(f))))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no matching artifact paths found under " + (a.baseDirectory().isEmpty() ? "." : a.baseDirectory()));
        }
        Files.createDirectories(target);
        for (Path f : files) {
            Path rel = a.discardPaths() ? f.getFileName() : base.relativize(f);
            Path dest = target.resolve(rel.toString());
            Files.createDirectories(dest.getParent());
            Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
        return files.size();
    }

    private void note(Path log, String line) {
        try {
            Files.writeString(log, "[Container] " + LOG_TIME.format(clock.instant()) + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND, StandardOpenOption.CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + log, e);
        }
    }

    private static String oneLine(String cmd) {
        String l = cmd.strip().replaceAll("\\s*\\n\\s*", "; ");
        return l.length() > 200 ? l.substring(0, 197) + "..." : l;
    }

    /** One shell for the whole build, fed commands on stdin, answering on its stdout. */
    private static final class Session implements AutoCloseable {
        record Result(int rc, boolean timedOut, boolean died) {
        }

        private final Process process;
        private final OutputStream commands;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        private Session(Process process) {
            this.process = process;
            this.commands = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        answers.add(line);
                    }
                } catch (IOException ignored) {
                    // the shell is gone; alive() says so
                }
            }, "buildspec-shell-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Session start(String shell, Map<String, String> env, Path cwd, Path log) {
            String binary = shell.equals("sh") ? "sh" : "bash";
            List<String> cmd = binary.equals("bash") ? List.of("bash", "--noprofile", "--norc", "-c", DRIVER)
                    : List.of("sh", "-c", DRIVER);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
            try {
                return new Session(pb.start());
            } catch (IOException e) {
                throw new DayshiftException(DayshiftException.Kind.MISSING_TOOL, binary + " is needed to run build commands locally: "
                        + e.getMessage(), e);
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        Result run(String command, Instant deadline) {
            if (!send(command)) {
                return new Result(exitCode(), false, true);
            }
            String answer = await(deadline);
            if (answer == null) {
                return process.isAlive() ? timeout() : new Result(exitCode(), false, true);
            }
            return new Result(Integer.parseInt(answer.substring(3).strip()), false, false);
        }

        Map<String, String> export(List<String> names, Instant deadline) {
            Map<String, String> out = new LinkedHashMap<>();
            if (!send("__ds_export " + String.join(" ", names.stream().filter(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*")).toList()))) {
                return out;
            }
            String line;
            while ((line = await(deadline)) != null && line.startsWith("var ")) {
                String[] parts = line.split(" ", 3);
                String value = parts.length > 2 ? new String(Base64.getMimeDecoder().decode(parts[2]), StandardCharsets.UTF_8) : "";
                out.put(parts[1], value);
            }
            return out;
        }

        private boolean send(String command) {
            try {
                commands.write(command.getBytes(StandardCharsets.UTF_8));
                commands.write(0);
                commands.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private String await(Instant deadline) {
            try {
                while (true) {
                    long left = deadline.toEpochMilli() - System.currentTimeMillis();
                    if (left <= 0) {
                        return null;
                    }
                    String a = answers.poll(Math.min(left, 200), TimeUnit.MILLISECONDS);
                    if (a != null) {
                        return a;
                    }
                    if (!process.isAlive() && answers.isEmpty()) {
                        return null;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        private int exitCode() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private Result timeout() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return new Result(-1, true, false);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                try {
                    commands.close();
                } catch (IOException ignored) {
                    // closing stdin ends the read loop; if it is already closed the shell is ending anyway
                }
                try {
                    if (!process.waitFor(2, TimeUnit.SECONDS)) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
