package dev.dayshift.aws.testutils;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit extension that runs moto ({@code moto_server}, the AWS API emulator) on a free loopback
 * port, once per test JVM, and resets it before each test. Tests take a {@code MotoServer} parameter
 * (or call {@link #endpoint()}) and point SDK clients at it. When moto is not installed, the tests are
 * skipped with a message saying so.
 *
 * <pre>{@code @ExtendWith(MotoServer.class) class MyTest { @Test void x(MotoServer moto) { ... } }}</pre>
 */
public final class MotoServer implements BeforeEachCallback, ParameterResolver, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Process process;
    private URI endpoint;
    private Path log;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        MotoServer server = shared(context);
        server.post("/moto-api/reset", "");
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return shared(e);
    }

    private static MotoServer shared(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(MotoServer.class));
        MotoServer server = store.getOrComputeIfAbsent("server", k -> {
            MotoServer s = new MotoServer();
            s.start();
            return s;
        }, MotoServer.class);
        Assumptions.assumeTrue(server.endpoint != null, "moto_server is not installed on this machine "
                + "(it comes with the Python package 'moto[server]'); AWS adapter tests are skipped");
        return server;
    }

    /** The emulator's base URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /** POSTs {@code body} to the emulator (its {@code /moto-api/...} control endpoints). */
    public void post(String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        int status = c.getResponseCode();
        if (status / 100 != 2) {
            throw new IOException("moto " + path + " answered " + status);
        }
        c.getInputStream().close();
    }

    /**
     * moto's own server, with every request handled under one lock. moto's backends are not thread-safe
     * (two concurrent conditional writes can both succeed: seen as 2 winners of 16 racing creators), while
     * the services they emulate are linearizable per item; serialising requests gives the tests the
     * guarantee the real service gives. Connections are still accepted concurrently.
     */
    static final String SERIAL_LAUNCHER = """
            import sys, threading
            try:
                import moto.server as server
            except ImportError:
                sys.exit(3)
            run_simple = server.run_simple
            def serial(host, port, app, **options):
                lock = threading.Lock()
                def locked(environ, start_response):
                    with lock:
                        return list(app(environ, start_response))
                run_simple(host, port, locked, **options)
            server.run_simple = serial
            server.main(sys.argv[1:])
            """;

    private void start() {
        Optional<Path> binary = findOnPath("moto_server");
        if (binary.isEmpty()) {
            return;
        }
        try {
            Path launcher = Files.createTempFile("moto-serial-", ".py");
            launcher.toFile().deleteOnExit();
            Files.writeString(launcher, SERIAL_LAUNCHER);
            Optional<Path> python = findOnPath("python3");
            List<List<String>> commands = new ArrayList<>();
            python.ifPresent(p -> commands.add(List.of(p.toString(), launcher.toString())));
            commands.add(List.of(binary.get().toString())); // a moto whose Python is not python3's: unserialised
            IllegalStateException last = null;
            for (List<String> command : commands) {
                try {
                    startWith(command);
                    return;
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server: " + e.getMessage(), e);
        }
    }

    private void startWith(List<String> command) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            log = Files.createTempFile("moto-", ".log");
            List<String> full = new ArrayList<>(command);
            full.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
            process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            URI uri = URI.create("http://127.0.0.1:" + port);
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited at start: " + Files.readString(log));
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
                    c.setConnectTimeout(200);
                    if (c.getResponseCode() == 200) {
                        endpoint = uri;
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(100); // polling a child process's readiness; no clock to virtualise here
            }
            process.destroyForcibly();
            throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + "; log: " + log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }
}
