import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The last step of every Lambda module's package phase (configured in functions/pom.xml), run on the
 * shaded jars ({@code <finalName>-lambda*.jar}) with the JDK's source launcher and ASM:
 * <ol>
 *   <li>drops each class's local variable tables (debuggers' variable names; stack traces keep their
 *       line numbers) and recompresses at the highest level: about 8% of an SDK-heavy jar;</li>
 *   <li>checks what minimisation could have broken: every {@code META-INF/services} provider and every
 *       class named in the class list of a handler the jar holds ({@code META-INF/dayshift/snapstart/})
 *       must be in the jar;</li>
 *   <li>fails when a jar is over the size budget.</li>
 * </ol>
 * Usage: {@code java -cp asm.jar SlimLambdaJars.java MAX_BYTES TARGET_DIR FINAL_NAME}. Exit 1 on a
 * failed check, 2 on bad usage.
 */
public final class SlimLambdaJars {

    private static final String CLASS_LISTS = "META-INF/dayshift/snapstart/";

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].matches("\\d+")) {
            System.err.println("usage: SlimLambdaJars.java MAX_BYTES TARGET_DIR FINAL_NAME");
            System.exit(2);
        }
        long max = Long.parseLong(args[0]);
        Path dir = Path.of(args[1]);
        String prefix = args[2] + "-lambda";
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar"))
                    .sorted().toList();
        }
        if (jars.isEmpty()) {
            System.err.println("SlimLambdaJars: no " + prefix + "*.jar in " + dir + " (did the shade plugin run?)");
            System.exit(1);
        }
        List<String> problems = new ArrayList<>();
        for (Path jar : jars) {
            long before = Files.size(jar);
            slim(jar);
            long after = Files.size(jar);
            problems.addAll(check(jar));
            String mb = String.format("%.2f MB", after / 1e6);
            System.out.println("[slim] " + jar.getFileName() + ": " + before + " -> " + after + " bytes (" + mb + ")");
            if (after > max) {
                problems.add(jar.getFileName() + " is " + after + " bytes (" + mb + "), over the budget of " + max
                        + " bytes: trim the SDK modules or libraries this function pulls in (docs/snapstart.md)");
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[slim] ERROR " + p));
            System.exit(1);
        }
    }

    private static void slim(Path jar) throws IOException {
        Path tmp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".slim");
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream os = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(os)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                byte[] bytes;
                try (InputStream is = in.getInputStream(e)) {
                    bytes = is.readAllBytes();
                }
                if (e.getName().endsWith(".class")) {
                    bytes = withoutLocalVariables(bytes);
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] withoutLocalVariables(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, desc, signature, exceptions)) {
                    @Override
                    public void visitLocalVariable(String n, String d, String s, Label start, Label end, int index) {
                        // dropped: only debuggers read it
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    private static List<String> check(Path jar) throws IOException {
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            for (String name : names) {
                if (name.startsWith("META-INF/services/") && !name.endsWith("/")) {
                    for (String provider : lines(zip, name)) {
                        if (!names.contains(provider.replace('.', '/') + ".class")) {
                            problems.add(jar.getFileName() + ": " + name + " names " + provider + ", which the jar lacks");
                        }
                    }
                }
                if (name.startsWith(CLASS_LISTS) && name.endsWith(".classes")) {
                    String handler = name.substring(CLASS_LISTS.length(), name.length() - ".classes".length());
                    if (!names.contains(handler.replace('.', '/') + ".class")) {
                        continue; // another function's list (one module, several jars)
                    }
                    for (String c : lines(zip, name)) {
                        if (!isJdk(c) && !names.contains(c.replace('.', '/') + ".class")) {
                            problems.add(jar.getFileName() + ": the class list of " + handler + " names " + c
                                    + ", which the jar lacks (minimised away? regenerate the list: scripts/bench/coldstart --class-lists)");
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> lines(ZipFile zip, String name) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(zip.getInputStream(zip.getEntry(name)),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String s = line.replaceAll("#.*", "").strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }
}
