package dev.dayshift.functions.images.testutils;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * moto_server (the AWS API emulator) on a free loopback port, started by the test and stopped after
 * it. When moto_server is not on the PATH the calling test is skipped with a message saying so.
 */
public final class MotoServer implements AutoCloseable {

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoServer start() throws IOException, InterruptedException {
        Path executable = findOnPath("moto_server");
        assumeTrue(executable != null, "moto_server is not on the PATH; the S3/SQS tests of the image processor are skipped");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-", ".log");
        Process p = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!answers(endpoint)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            }
            if (Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new IllegalStateException("moto_server did not answer on " + endpoint + " within 30 s");
            }
            p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return new MotoServer(p, endpoint);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every bucket, queue and object. */
    public void reset() throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().close();
        if (c.getResponseCode() != 200) {
            throw new IOException("moto reset answered " + c.getResponseCode());
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
