package dev.dayshift.functions.images.internal;

import com.sun.jna.Native;
import dev.dayshift.functions.images.LibvipsUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds, loads and initialises libvips once per JVM.
 *
 * <p>Where the library comes from, first match wins:
 * <ol>
 *   <li>the system property {@code dayshift.libvips} or the environment variable {@code DAYSHIFT_LIBVIPS}:
 *       a path to a libvips shared library (for example one in a Lambda layer);</li>
 *   <li>the copy bundled in this jar under {@code native/linux-<arch>/}, extracted once into
 *       {@code dayshift.libvips.cache} (default: the temporary directory) and reused while its size matches.</li>
 * </ol>
 * Initialisation turns the operation cache off (no memory held between images), blocks every loader but
 * JPEG, PNG, WebP and GIF, and blocks the operations libvips marks untrusted.
 */
public final class NativeLibvips {

    /** The bundled build (see functions/image-processor/native/package.json). */
    public static final String LIBRARY_FILE = "libvips-cpp.so.8.18.7";

    private static final String[] ALLOWED_LOADERS = {
        "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif",
    };

    private static volatile LibVips instance;
    private static volatile String loadedFrom;

    private NativeLibvips() {
    }

    /**
     * The initialised library; loads it on first use.
     *
     * @throws LibvipsUnavailableException when no usable libvips is found
     */
    public static LibVips get() {
        LibVips v = instance;
        if (v != null) {
            return v;
        }
        synchronized (NativeLibvips.class) {
            if (instance == null) {
                instance = load();
            }
            return instance;
        }
    }

    /** Where the loaded library came from (a file path), or null before {@link #get()}. */
    public static String loadedFrom() {
        return loadedFrom;
    }

    private static LibVips load() {
        Path file = locate();
        LibVips v;
        try {
            v = Native.load(file.toString(), LibVips.class);
        } catch (UnsatisfiedLinkError e) {
            throw new LibvipsUnavailableException("libvips at " + file + " does not load on this machine: " + e.getMessage(), e);
        }
        // Warnings become errors through fail_on and are reported with the image; without this libvips
        // would also print them on stderr.
        v.setenv("VIPS_WARNING", "0", 1);
        if (v.vips_init("dayshift") != 0) {
            throw new LibvipsUnavailableException("libvips at " + file + " failed to initialise: " + v.vips_error_buffer());
        }
        v.vips_cache_set_max(0);
        v.vips_cache_set_max_mem(0);
        v.vips_cache_set_max_files(0);
        v.vips_block_untrusted_set(1);
        v.vips_operation_block_set("VipsForeignLoad", 1);
        for (String loader : ALLOWED_LOADERS) {
            v.vips_operation_block_set(loader, 0);
        }
        loadedFrom = file.toString();
        return v;
    }

    private static Path locate() {
        String explicit = System.getProperty("dayshift.libvips", System.getenv("DAYSHIFT_LIBVIPS"));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new LibvipsUnavailableException("DAYSHIFT_LIBVIPS names " + p + ", which is not a file");
            }
            return p;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> System.getProperty("os.arch");
        };
        String resource = "native/linux-" + arch + "/" + LIBRARY_FILE;
        if (!os.contains("linux")) {
            throw new LibvipsUnavailableException("no bundled libvips for " + os + "/" + arch
                    + "; set DAYSHIFT_LIBVIPS to a libvips 8.18 shared library");
        }
        try (InputStream in = NativeLibvips.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LibvipsUnavailableException("this build carries no libvips for linux-" + arch
                        + " (npm was unavailable when it was built; see docs/images.md); set DAYSHIFT_LIBVIPS to a libvips 8.18 shared library");
            }
            return extract(in, arch);
        } catch (IOException e) {
            throw new LibvipsUnavailableException("cannot extract the bundled libvips: " + e.getMessage(), e);
        }
    }

    private static Path extract(InputStream in, String arch) throws IOException {
        String cacheRoot = System.getProperty("dayshift.libvips.cache", System.getProperty("java.io.tmpdir"));
        Path dir = Path.of(cacheRoot, "dayshift-libvips-" + arch);
        Files.createDirectories(dir);
        Path target = dir.resolve(LIBRARY_FILE);
        byte[] bytes = in.readAllBytes();
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, LIBRARY_FILE, ".part");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
