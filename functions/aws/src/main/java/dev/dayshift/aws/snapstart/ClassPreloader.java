package dev.dayshift.aws.snapstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads a handler's class list ({@code META-INF/dayshift/snapstart/<handler>.classes}: one binary
 * class name a line, {@code #} comments) with the handler's class loader. The application's classes
 * (Dayshift, the SDK, Jackson, ...) are also initialised, as the first request would; the JDK's are
 * only loaded, so that no JDK static state (entropy pools, caches of the host) is set up before the
 * snapshot on the list's account. Names this jar lacks are counted, not fatal: a list a little out of
 * date costs a few milliseconds, not a failed start.
 */
final class ClassPreloader {

    record Result(int loaded, int missing) {
    }

    private ClassPreloader() {
    }

    static Result preload(Class<?> handler) {
        ClassLoader loader = handler.getClassLoader();
        String resource = SnapStart.CLASS_LIST_DIR + handler.getName() + ".classes";
        int loaded = 0;
        int missing = 0;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return new Result(0, 0);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name, !isJdk(name), loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    missing++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return new Result(loaded, missing);
    }

    /** Classes of the JDK's own modules. */
    static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }
}
