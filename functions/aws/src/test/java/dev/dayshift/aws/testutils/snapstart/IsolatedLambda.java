package dev.dayshift.aws.testutils.snapstart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One Lambda handler in a fresh {@link CountingClassLoader}, driven the way Lambda drives it: built
 * (init), optionally primed and restored (the SnapStart hooks, called directly since no CRaC JDK is
 * here), then invoked with events in Lambda's JSON formats. Every step reports how long it took and
 * which classes of the function it loaded. Used by the modules' SnapStart tests (on the test classpath)
 * and by {@code scripts/bench/coldstart} (on the deployable jar, through {@link ColdStartDriver}).
 *
 * <p>The harness itself loads neither the SDK nor Jackson nor the Lambda interfaces, so it disturbs
 * nothing it counts: building the handler, its hooks and the events cross into the handler's loader by
 * reflection, and an invocation is one call through the handler's Lambda interface ({@link InterfaceCall},
 * defined in that loader), as Lambda's runtime calls it. An invocation's time is that call alone: the event
 * is made (a stream, or for a {@code RequestHandler} the event object) before the clock starts, as the
 * runtime deserialises an event before it calls the handler; the classes it loads count from the start of
 * making the event.
 */
public final class IsolatedLambda implements AutoCloseable {

    /** Classes of the AWS SDK or Jackson: what a primed first invocation must not load. */
    public static final Predicate<String> SDK_OR_JACKSON = n -> n.startsWith("software.amazon.awssdk.")
            || n.startsWith("com.fasterxml.jackson.");

    /** What one step loaded and how long it took. */
    public record Step(long nanos, List<String> loaded, String output) {

        public double millis() {
            return nanos / 1e6;
        }

        /** The classes loaded that {@code filter} accepts. */
        public List<String> loaded(Predicate<String> filter) {
            return loaded.stream().filter(filter).toList();
        }
    }

    private final CountingClassLoader loader;
    private final Class<?> handlerClass;
    private final Step init;
    private final Object context;
    private Object handler;
    private final BiFunction<Object, Object, Object> call;
    private final boolean streamHandler;
    private final Type eventType;

    private IsolatedLambda(CountingClassLoader loader, String handlerClass, Map<String, String> env) throws Exception {
        this.loader = loader;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            int mark = loader.count();
            long start = System.nanoTime();
            this.handlerClass = Class.forName(handlerClass, true, loader);
            this.handler = construct(env);
            this.init = new Step(System.nanoTime() - start, loader.since(mark), "");
            // The runtime's side of an invocation, made once and outside every measured step: on Lambda the
            // runtime builds its Context with classes it loaded before the function's init.
            this.context = context();
            warmContext();
            this.streamHandler = loader.loadClass("com.amazonaws.services.lambda.runtime.RequestStreamHandler")
                    .isInstance(handler);
            this.eventType = streamHandler ? InputStream.class : handleRequest().getGenericParameterTypes()[0];
            this.call = interfaceCall();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Builds {@code handlerClass} from {@code classpath} in a fresh loader.
     *
     * @param env the function's environment variables: passed to the handler's package-private
     *     {@code (Map)} or {@code (LambdaSettings)} constructor; null to use its public no-argument
     *     constructor, which reads the process environment (as on Lambda)
     */
    public static IsolatedLambda load(List<URL> classpath, String handlerClass, Map<String, String> env) throws Exception {
        return new IsolatedLambda(new CountingClassLoader(classpath.toArray(URL[]::new)), handlerClass, env);
    }

    /** The test JVM's own classpath (as surefire sets it). */
    public static List<URL> testClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    urls.add(new File(entry).toURI().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException(entry, e);
                }
            }
        }
        return urls;
    }

    /** What building the handler took and loaded. */
    public Step init() {
        return init;
    }

    /** Calls {@code beforeCheckpoint}; the output is the priming report's failed steps (empty when all ran). */
    public Step prime() throws Exception {
        return step(() -> {
            call(handler, "beforeCheckpoint", new Class<?>[] {loader.loadClass("org.crac.Context")}, (Object) null);
            Object report = loader.loadClass("dev.dayshift.aws.snapstart.SnapStart")
                    .getMethod("lastReport", Class.class).invoke(null, handlerClass);
            return report == null ? "no report" : String.valueOf(report.getClass().getMethod("failedSteps").invoke(report));
        });
    }

    /** Calls {@code afterRestore}. */
    public Step restore() throws Exception {
        return step(() -> {
            call(handler, "afterRestore", new Class<?>[] {loader.loadClass("org.crac.Context")}, (Object) null);
            return "";
        });
    }

    /**
     * Invokes the handler with one event in Lambda's JSON format; the output is its answer (as text). The
     * time is the handler's call alone; the classes loaded count from making the event.
     */
    public Step invoke(String eventJson) throws Exception {
        return setUpThenStep(() -> {
            Object event = streamHandler ? new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8))
                    : convert(Json.parse(eventJson), eventType);
            return () -> {
                Object answer;
                try {
                    answer = call.apply(event, context);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                return answer instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : String.valueOf(answer);
            };
        });
    }

    /** The handler's loader (to read a class's state in a test). */
    public ClassLoader loader() {
        return loader;
    }

    @Override
    public void close() throws IOException {
        handler = null;
        loader.close();
    }

    // ---- plumbing ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Body {
        String run() throws Exception;
    }

    /** What a step does before its clock starts; it returns the timed part. */
    @FunctionalInterface
    private interface Setup {
        Body run() throws Exception;
    }

    private Step step(Body body) throws Exception {
        return setUpThenStep(() -> body);
    }

    /** Runs {@code setup}, then the body it returns on the clock; the classes both load are counted. */
    private Step setUpThenStep(Setup setup) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            int mark = loader.count();
            Body body = setup.run();
            long start = System.nanoTime();
            String out = body.run();
            long nanos = System.nanoTime() - start;
            return new Step(nanos, loader.since(mark), out);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private Object construct(Map<String, String> env) throws Exception {
        if (env == null) {
            return invoke(handlerClass.getConstructor());
        }
        for (Constructor<?> c : handlerClass.getDeclaredConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 1 && p[0] == Map.class) {
                c.setAccessible(true);
                return invoke(c, Map.copyOf(env));
            }
        }
        for (Constructor<?> c : handlerClass.getDeclaredConstructors()) {
            Class<?>[] p = c.getParameterTypes();
            if (p.length == 1 && p[0].getName().equals("dev.dayshift.aws.lambda.LambdaSettings")) {
                c.setAccessible(true);
                return invoke(c, p[0].getConstructor(Map.class).newInstance(Map.copyOf(env)));
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " has no (Map) or (LambdaSettings) constructor to pass"
                + " the environment to");
    }

    private Method handleRequest() {
        for (Method m : handlerClass.getMethods()) {
            if (m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge()
                    && !Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " has no handleRequest(event, context)");
    }

    private Object context() throws ClassNotFoundException {
        Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
        Class<?> loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerType}, (p, m, a) -> switch (m.getName()) {
            case "log" -> {
                String line = a[0] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(a[0]);
                System.out.print(line.endsWith("\n") ? line : line + "\n");
                yield null;
            }
            case "toString" -> "LambdaLogger";
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == a[0];
            default -> null;
        });
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (p, m, a) -> switch (m.getName()) {
            case "getAwsRequestId" -> "00000000-0000-0000-0000-00000000c01d";
            case "getLogGroupName" -> "/aws/lambda/dayshift-coldstart";
            case "getLogStreamName" -> "coldstart";
            case "getFunctionName" -> "dayshift-coldstart";
            case "getFunctionVersion" -> "1";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:dayshift-coldstart:live";
            case "getRemainingTimeInMillis" -> 30_000;
            case "getMemoryLimitInMB" -> 512;
            case "getLogger" -> logger;
            case "toString" -> "Context";
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == a[0];
            default -> null;
        });
    }

    /** JSON (as {@link Json} reads it) to an instance of {@code type} loaded by the handler's loader. */
    private Object convert(Object json, Type type) throws Exception {
        if (json == null) {
            return null;
        }
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) json) {
                    out.add(convert(o, args[0]));
                }
                return out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
                    out.put(String.valueOf(e.getKey()), convert(e.getValue(), args[1]));
                }
                return out;
            }
            return convert(json, raw);
        }
        Class<?> c = (Class<?>) type;
        if (c == Object.class || c.isInstance(json) && (json instanceof String || json instanceof Map || json instanceof List)) {
            return json;
        }
        if (c == String.class) {
            return String.valueOf(json);
        }
        if (c == Integer.class || c == int.class) {
            return ((Number) json).intValue();
        }
        if (c == Long.class || c == long.class) {
            return ((Number) json).longValue();
        }
        if (c == Double.class || c == double.class) {
            return ((Number) json).doubleValue();
        }
        if (c == Boolean.class || c == boolean.class) {
            return json;
        }
        if (c == BigDecimal.class) {
            return new BigDecimal(String.valueOf(json));
        }
        if (c.getName().equals("org.joda.time.DateTime")) {
            return c.getConstructor(Object.class).newInstance(String.valueOf(json));
        }
        if (!(json instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("cannot make a " + c.getName() + " of " + json);
        }
        Object bean = c.getConstructor().newInstance();
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            Method setter = setter(c, String.valueOf(f.getKey()));
            if (setter != null) {
                invoke(setter, bean, convert(f.getValue(), setter.getGenericParameterTypes()[0]));
            }
        }
        return bean;
    }

    private static Method setter(Class<?> c, String property) {
        String name = "set" + property.toLowerCase(Locale.ROOT);
        for (Method m : c.getMethods()) {
            if (m.getParameterCount() == 1 && m.getName().toLowerCase(Locale.ROOT).equals(name)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Lambda's runtime passes a Context object its own code has used before; this harness's is a proxy, so
     * its getters are called once here, outside every measured step.
     */
    private void warmContext() throws Exception {
        for (Method m : context.getClass().getInterfaces()[0].getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())) {
                invoke(m, context);
            }
        }
    }

    /** {@link InterfaceCall} defined in the handler's loader, bound to the handler. */
    @SuppressWarnings("unchecked")
    private BiFunction<Object, Object, Object> interfaceCall() throws Exception {
        Class<?> c = loader.defineHarnessClass(InterfaceCall.class.getName());
        return (BiFunction<Object, Object, Object>) c.getConstructor(Object.class).newInstance(handler);
    }

    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
        return invoke(target.getClass().getMethod(method, types), target, args);
    }

    private static Object invoke(Method m, Object target, Object... args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static Object invoke(Constructor<?> c, Object... args) throws Exception {
        try {
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
