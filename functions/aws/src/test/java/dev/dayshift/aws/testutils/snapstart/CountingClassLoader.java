package dev.dayshift.aws.testutils.snapstart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A class loader over a Lambda's classpath (its deployable jar, or a module's test classpath) with only
 * the JDK above it, as Lambda's runtime loads a function: every class of the function (Dayshift, the
 * SDK, Jackson, ...) is defined by this loader, so it sees and records each one the moment it is first
 * needed, in order. A fresh loader is a fresh start for those classes even inside a JVM that has
 * loaded them before, which is what lets a test count what a first invocation loads.
 */
public final class CountingClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final List<String> defined = new ArrayList<>();

    public CountingClassLoader(URL[] classpath) {
        super("lambda", classpath, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = super.findClass(name);
        synchronized (defined) {
            defined.add(name);
        }
        return c;
    }

    /**
     * Defines the harness class {@code name} (read from this class's own loader) in this loader, so that it
     * links against the function's classes; not counted among the function's. Returns the class if it is
     * already defined here.
     */
    public Class<?> defineHarnessClass(String name) throws IOException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c != null) {
                return c;
            }
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = CountingClassLoader.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException(resource + " is not on the harness's classpath");
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    /** How many classes this loader has defined so far (a mark for {@link #since}). */
    public int count() {
        synchronized (defined) {
            return defined.size();
        }
    }

    /** The classes defined after {@code mark}, in the order they were defined. */
    public List<String> since(int mark) {
        synchronized (defined) {
            return List.copyOf(defined.subList(mark, defined.size()));
        }
    }
}
