package dev.dayshift.core.lifecycle;

import dev.dayshift.core.DayshiftException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a runtime "version" is: the content of the phase directory a job ran, named by its hash
 * ({@code sha256:<64 hex>}). It is the same for every tool: the Terraform configuration, the CDK app's
 * source, or the {@code plan.sh}/{@code apply.sh} of a script phase, as the plan job found it.
 *
 * <p>The hash is taken over a <em>manifest</em>, one line per file in byte order of the paths,
 * {@code <mode> <sha256 of the content> <path>\n}, where mode is {@code 100755} (executable by its
 * owner), {@code 100644} (other files) or {@code 120000} (a symbolic link, hashed over its target
 * text), git's way; directories named in {@link #EXCLUDED} (caches and tool output) are left out at any
 * depth. The buildspecs compute the same manifest in bash (their {@code dayshift_manifest}); a test
 * holds the two to each other.
 *
 * <p>Every plan job leaves beside its plan a snapshot of what it ran ({@value #SNAPSHOT}, a tar.gz of
 * the manifest's files), the manifest ({@value #MANIFEST}) and the version ({@value #VERSION_FILE}).
 * The apply job always runs that snapshot, so it applies the plan with the very source that made it;
 * a lifecycle input that pins a {@code sourceVersion} (a rollback) gives its plan job the snapshot of
 * that version as the secondary source {@value #SOURCE_IDENTIFIER}.
 */
public final class SourceVersion {

    /** The snapshot of the phase directory a plan job ran, beside its plan. */
    public static final String SNAPSHOT = "source.tar.gz";
    /** The manifest the version hashes, beside the plan. */
    public static final String MANIFEST = "source.manifest";
    /** The version ({@code sha256:...}), beside the plan. */
    public static final String VERSION_FILE = "source.sha256";
    /** CodeBuild's resolved source version (a git commit, an S3 object version), when it has one. */
    public static final String REVISION_FILE = "source.revision";
    /** The secondary source under which a pinned plan job finds the snapshot to run. */
    public static final String SOURCE_IDENTIFIER = "source";
    /** The job variable that pins (plan) or names (inside the job) the version the job runs. */
    public static final String VARIABLE = "DAYSHIFT_SOURCE_VERSION";
    /** Directory names that are never part of a version, at any depth. */
    public static final Set<String> EXCLUDED = Set.of(".git", ".terraform", "node_modules", "cdk.out", "target",
            ".dayshift", ".dayshift-out", ".dayshift-state");

    private static final String PREFIX = "sha256:";
    private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");

    private SourceVersion() {
    }

    /** Whether {@code text} is a version as Dayshift writes them. */
    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /** The first 12 hex digits, for people: {@code sha256:0a1b2c3d4e5f}. Any other text comes back unchanged. */
    public static String shortForm(String version) {
        return isValid(version) ? version.substring(0, PREFIX.length() + 12) : version;
    }

    /**
     * The version of a directory as it is now.
     *
     * @throws DayshiftException FAILED when the directory cannot be read
     */
    public static String of(Path directory) {
        return PREFIX + sha256(manifest(directory).getBytes(StandardCharsets.UTF_8));
    }

    /** The manifest of a directory (see the class comment); empty for an empty directory. */
    public static String manifest(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        Map<String, Path> files = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && EXCLUDED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                        // '/' between the names whatever the platform's separator ('\\' is a character of a name here)
                        StringBuilder p = new StringBuilder();
                        root.relativize(file).forEach(n -> p.append(p.isEmpty() ? "" : "/").append(n));
                        files.put(p.toString(), file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            // Byte order of the UTF-8 paths, as `LC_ALL=C sort` orders them.
            List<String> paths = new ArrayList<>(files.keySet());
            paths.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
            StringBuilder m = new StringBuilder();
            for (String p : paths) {
                Path f = files.get(p);
                String mode;
                String hash;
                if (Files.isSymbolicLink(f)) {
                    mode = "120000";
                    hash = sha256(Files.readSymbolicLink(f).toString().getBytes(StandardCharsets.UTF_8));
                } else {
                    mode = Files.isExecutable(f) ? "100755" : "100644";
                    hash = sha256(f);
                }
                m.append(mode).append(' ').append(hash).append(' ').append(p).append('\n');
            }
            return m.toString();
        } catch (IOException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "cannot read " + root + " to compute its version: "
                    + e.getMessage(), e);
        }
    }

    /** The version a plan job left in its artifacts ({@value #VERSION_FILE}), if it is well-formed. */
    public static Optional<String> parse(byte[] versionFile) {
        String v = new String(versionFile, StandardCharsets.UTF_8).strip();
        return isValid(v) ? Optional.of(v) : Optional.empty();
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
