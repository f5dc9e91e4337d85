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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   <li>makes the SDK's table of service metadata lazy ({@link LazyServiceMetadata}): the SDK's
 *       {@code GeneratedServiceMetadataProvider} builds metadata for every AWS service (over 300 classes)
 *       the first time any client resolves its signing region, a fifth of a function's init; the
 *       rewritten one builds only the services asked for, and the build checks that it answers every
 *       service exactly as the SDK's table did;</li>
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
            int services = slim(jar, problems);
            long after = Files.size(jar);
            problems.addAll(check(jar));
            String mb = String.format("%.2f MB", after / 1e6);
            System.out.println("[slim] " + jar.getFileName() + ": " + before + " -> " + after + " bytes (" + mb + ")"
                    + (services > 0 ? ", service metadata built on demand (" + services + " services)" : ""));
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

    /** Rewrites the jar in place; answers how many services' metadata it made lazy (0: the jar has no SDK table). */
    private static int slim(Path jar, List<String> problems) throws IOException {
        LazyServiceMetadata lazy = null;
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
                if (e.getName().equals(LazyServiceMetadata.ENTRY) && LazyServiceMetadata.isRewritten(bytes)) {
                    // an earlier run of this step rewrote and checked it (the jar was not re-shaded since)
                } else if (e.getName().equals(LazyServiceMetadata.ENTRY)) {
                    try {
                        lazy = LazyServiceMetadata.from(bytes);
                        bytes = lazy.rewritten();
                    } catch (IllegalStateException unknownShape) {
                        problems.add(jar.getFileName() + ": " + unknownShape.getMessage());
                    }
                } else if (e.getName().endsWith(".class")) {
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
        if (lazy == null) {
            return 0;
        }
        problems.addAll(lazy.check(jar));
        return lazy.table().size();
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

    /**
     * The SDK's {@code software.amazon.awssdk.regions.GeneratedServiceMetadataProvider} (generated from the
     * endpoints file) builds, in its static initialiser, one {@code ServiceMetadata} per AWS service into an
     * immutable map, loading and initialising over 300 classes; the first client a function builds pays for
     * all of them although it asks for one. This reads that table from the initialiser's bytecode (service
     * prefix, then {@code new} of its metadata class, for every entry) and writes in its place a class with
     * the same name and interface whose {@code serviceMetadata(prefix)} creates the metadata of that prefix
     * on first request (a string switch) and keeps it (a ConcurrentHashMap). Unknown prefixes and null
     * answer null, as the map did. When the SDK's class has another shape, nothing is rewritten and the build
     * fails naming what differs (a class already rewritten is left as it is); {@link #check} then loads the
     * rewritten class from the finished jar and asks it for every prefix of the table.
     */
    static final class LazyServiceMetadata {

        static final String ENTRY = "software/amazon/awssdk/regions/GeneratedServiceMetadataProvider.class";
        private static final String NAME = "software/amazon/awssdk/regions/GeneratedServiceMetadataProvider";
        private static final String PROVIDER = "software/amazon/awssdk/regions/ServiceMetadataProvider";
        private static final String METADATA = "software/amazon/awssdk/regions/ServiceMetadata";
        private static final String METADATA_DESC = "L" + METADATA + ";";
        private static final String CACHE = "java/util/concurrent/ConcurrentHashMap";
        private static final String SHAPE = "the SDK's GeneratedServiceMetadataProvider no longer has the shape"
                + " functions/build/SlimLambdaJars.java rewrites (";

        private final Map<String, String> table; // service prefix -> internal name of its metadata class
        private final int version;

        private LazyServiceMetadata(Map<String, String> table, int version) {
            this.table = table;
            this.version = version;
        }

        Map<String, String> table() {
            return table;
        }

        /** Reads the table from the SDK's class, or fails naming what is not as expected. */
        static LazyServiceMetadata from(byte[] original) {
            Map<String, String> table = new LinkedHashMap<>();
            int[] version = new int[1];
            int[] puts = new int[1];
            new ClassReader(original).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
                    version[0] = v;
                    if (!java.util.Arrays.asList(interfaces).equals(List.of(PROVIDER))) {
                        throw new IllegalStateException(SHAPE + "it implements " + java.util.Arrays.toString(interfaces) + ")");
                    }
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    if (!name.equals("<clinit>")) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        private String prefix;

                        @Override
                        public void visitLdcInsn(Object value) {
                            if (value instanceof String s) {
                                prefix = s;
                            }
                        }

                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            if (opcode == Opcodes.NEW && prefix != null) {
                                if (table.putIfAbsent(prefix, type) != null) {
                                    throw new IllegalStateException(SHAPE + "service prefix " + prefix + " twice)");
                                }
                                prefix = null;
                            }
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                            if (name.equals("put")) {
                                puts[0]++;
                            }
                        }
                    };
                }
            }, 0);
            Set<String> members = members(original);
            Set<String> expected = Set.of("field SERVICE_METADATA", "<init>()V", "<clinit>()V",
                    "serviceMetadata(Ljava/lang/String;)" + METADATA_DESC);
            if (!members.equals(expected)) {
                throw new IllegalStateException(SHAPE + "members " + members + ", expected " + new TreeSet<>(expected) + ")");
            }
            if (table.isEmpty() || puts[0] != table.size()) {
                throw new IllegalStateException(SHAPE + table.size() + " prefix/new pairs for " + puts[0] + " puts in its initialiser)");
            }
            return new LazyServiceMetadata(table, version[0]);
        }

        /** Whether {@code bytes} is the class {@link #rewritten()} writes (its members), not the SDK's. */
        static boolean isRewritten(byte[] bytes) {
            return members(bytes).equals(Set.of("field CREATED", "<init>()V", "<clinit>()V",
                    "serviceMetadata(Ljava/lang/String;)" + METADATA_DESC, "create(Ljava/lang/String;)" + METADATA_DESC));
        }

        /** A class's fields ({@code field NAME}) and methods (name and descriptor). */
        private static Set<String> members(byte[] bytes) {
            Set<String> members = new TreeSet<>();
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public org.objectweb.asm.FieldVisitor visitField(int access, String name, String desc, String signature, Object value) {
                    members.add("field " + name);
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    members.add(name + desc);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            return members;
        }

        /** The lazy class, under the SDK's name. */
        byte[] rewritten() {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return "java/lang/Object"; // only null and ServiceMetadata meet; no class loading at build time
                }
            };
            cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object",
                    new String[] {PROVIDER});
            cw.visitSource("GeneratedServiceMetadataProvider.java", null);
            cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "CREATED", "L" + CACHE + ";",
                    null, null).visitEnd();

            MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.visitCode();
            clinit.visitTypeInsn(Opcodes.NEW, CACHE);
            clinit.visitInsn(Opcodes.DUP);
            clinit.visitMethodInsn(Opcodes.INVOKESPECIAL, CACHE, "<init>", "()V", false);
            clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "CREATED", "L" + CACHE + ";");
            clinit.visitInsn(Opcodes.RETURN);
            clinit.visitMaxs(0, 0);
            clinit.visitEnd();

            MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            // public ServiceMetadata serviceMetadata(String prefix) {
            //     if (prefix == null) return null;
            //     ServiceMetadata m = (ServiceMetadata) CREATED.get(prefix);
            //     if (m != null) return m;
            //     m = create(prefix);
            //     if (m == null) return null;
            //     ServiceMetadata first = (ServiceMetadata) CREATED.putIfAbsent(prefix, m);
            //     return first != null ? first : m;
            // }
            MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, "serviceMetadata", "(Ljava/lang/String;)" + METADATA_DESC,
                    null, null);
            get.visitCode();
            returnNullIfNull(get, 1);
            get.visitFieldInsn(Opcodes.GETSTATIC, NAME, "CREATED", "L" + CACHE + ";");
            get.visitVarInsn(Opcodes.ALOAD, 1);
            get.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CACHE, "get", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            returnIfNotNull(get, 2);
            get.visitVarInsn(Opcodes.ALOAD, 1);
            get.visitMethodInsn(Opcodes.INVOKESTATIC, NAME, "create", "(Ljava/lang/String;)" + METADATA_DESC, false);
            get.visitVarInsn(Opcodes.ASTORE, 2);
            returnNullIfNull(get, 2);
            get.visitFieldInsn(Opcodes.GETSTATIC, NAME, "CREATED", "L" + CACHE + ";");
            get.visitVarInsn(Opcodes.ALOAD, 1);
            get.visitVarInsn(Opcodes.ALOAD, 2);
            get.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CACHE, "putIfAbsent",
                    "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
            returnIfNotNull(get, 3);
            get.visitVarInsn(Opcodes.ALOAD, 2);
            get.visitInsn(Opcodes.ARETURN);
            get.visitMaxs(0, 0);
            get.visitEnd();

            // private static ServiceMetadata create(String prefix): switch (prefix) { case "acm": return new AcmServiceMetadata(); ... }
            // as javac compiles a string switch: a lookupswitch on hashCode, then equals within each hash.
            Map<Integer, List<Map.Entry<String, String>>> byHash = new java.util.TreeMap<>();
            table.entrySet().forEach(e -> byHash.computeIfAbsent(e.getKey().hashCode(), h -> new ArrayList<>()).add(e));
            MethodVisitor create = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "create",
                    "(Ljava/lang/String;)" + METADATA_DESC, null, null);
            create.visitCode();
            Label none = new Label();
            int[] hashes = byHash.keySet().stream().mapToInt(Integer::intValue).toArray();
            Label[] cases = new Label[hashes.length];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new Label();
            }
            create.visitVarInsn(Opcodes.ALOAD, 0);
            create.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "hashCode", "()I", false);
            create.visitLookupSwitchInsn(none, hashes, cases);
            int i = 0;
            for (List<Map.Entry<String, String>> group : byHash.values()) {
                create.visitLabel(cases[i++]);
                for (Map.Entry<String, String> e : group) {
                    Label next = new Label();
                    create.visitVarInsn(Opcodes.ALOAD, 0);
                    create.visitLdcInsn(e.getKey());
                    create.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "equals", "(Ljava/lang/Object;)Z", false);
                    create.visitJumpInsn(Opcodes.IFEQ, next);
                    create.visitTypeInsn(Opcodes.NEW, e.getValue());
                    create.visitInsn(Opcodes.DUP);
                    create.visitMethodInsn(Opcodes.INVOKESPECIAL, e.getValue(), "<init>", "()V", false);
                    create.visitInsn(Opcodes.ARETURN);
                    create.visitLabel(next);
                }
                create.visitJumpInsn(Opcodes.GOTO, none);
            }
            create.visitLabel(none);
            create.visitInsn(Opcodes.ACONST_NULL);
            create.visitInsn(Opcodes.ARETURN);
            create.visitMaxs(0, 0);
            create.visitEnd();

            cw.visitEnd();
            return cw.toByteArray();
        }

        /** {@code if (local == null) return null;} */
        private static void returnNullIfNull(MethodVisitor mv, int local) {
            Label present = new Label();
            mv.visitVarInsn(Opcodes.ALOAD, local);
            mv.visitJumpInsn(Opcodes.IFNONNULL, present);
            mv.visitInsn(Opcodes.ACONST_NULL);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(present);
        }

        /** {@code local = (ServiceMetadata) <top of stack>; if (local != null) return local;} */
        private static void returnIfNotNull(MethodVisitor mv, int local) {
            Label absent = new Label();
            mv.visitTypeInsn(Opcodes.CHECKCAST, METADATA);
            mv.visitVarInsn(Opcodes.ASTORE, local);
            mv.visitVarInsn(Opcodes.ALOAD, local);
            mv.visitJumpInsn(Opcodes.IFNULL, absent);
            mv.visitVarInsn(Opcodes.ALOAD, local);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(absent);
        }

        /**
         * Loads the rewritten class from the finished jar (its own loader, nothing of the build's) and asks
         * it for every prefix of the SDK's table: each must answer an instance of the same class as the table,
         * twice the same instance; an unknown prefix and null must answer null.
         */
        List<String> check(Path jar) {
            List<String> problems = new ArrayList<>();
            String where = jar.getFileName() + ": the lazy GeneratedServiceMetadataProvider ";
            // The SDK logs through SLF4J, which would warn here that the jar binds no logger (Lambda's log
            // goes through the runtime); keep the build's output to what matters.
            System.setProperty("slf4j.internal.verbosity", "ERROR");
            try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(NAME.replace('/', '.'), true, loader);
                Object provider = type.getConstructor().newInstance();
                java.lang.reflect.Method lookup = type.getMethod("serviceMetadata", String.class);
                for (Map.Entry<String, String> e : table.entrySet()) {
                    Object first = lookup.invoke(provider, e.getKey());
                    String expected = e.getValue().replace('/', '.');
                    if (first == null || !first.getClass().getName().equals(expected)) {
                        problems.add(where + "answers " + (first == null ? "null" : first.getClass().getName()) + " for "
                                + e.getKey() + ", the SDK's table " + expected);
                    } else if (lookup.invoke(provider, e.getKey()) != first) {
                        problems.add(where + "builds the metadata of " + e.getKey() + " more than once");
                    }
                }
                for (String unknown : new String[] {"dayshift-no-such-service", null}) {
                    Object answer = lookup.invoke(provider, unknown);
                    if (answer != null) {
                        problems.add(where + "answers " + answer.getClass().getName() + " for " + unknown + ", not null");
                    }
                }
            } catch (ReflectiveOperationException | LinkageError | IOException failed) {
                Throwable cause = failed instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : failed;
                problems.add(where + "does not load or run: " + cause);
            }
            return problems;
        }
    }
}
