package dev.dayshift.asl;

import dev.dayshift.asl.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The usual {@link TaskResolver}s: in-process handlers by resource ARN or Lambda function name, resolvers by
 * resource prefix, chains, and mocked responses ({@link MockConfig#resolver()}).
 */
public final class TaskResolvers {
    /** The optimised Lambda integration. */
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    private TaskResolvers() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Asks each resolver in turn; the first that answers (non-null) wins. */
    public static TaskResolver chain(TaskResolver... resolvers) {
        List<TaskResolver> list = List.of(resolvers);
        return request -> {
            for (TaskResolver r : list) {
                CompletionStage<TaskResult> s = r.resolve(request);
                if (s != null) {
                    return s;
                }
            }
            return null;
        };
    }

    /**
     * The Lambda function name a resource (and its arguments) call: {@code NAME} from
     * {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}, or from the FunctionName argument of
     * {@code arn:aws:states:::lambda:invoke[.waitForTaskToken]}; null for other resources.
     */
    public static String lambdaFunctionName(String resource, Object arguments) {
        if (resource.startsWith(LAMBDA_INVOKE)) {
            if (arguments instanceof Map<?, ?> m && m.get("FunctionName") instanceof String fn) {
                return functionName(fn);
            }
            return null;
        }
        String[] p = resource.split(":");
        if (p.length >= 7 && p[0].equals("arn") && p[2].equals("lambda") && p[5].equals("function")) {
            return p[6];
        }
        return null;
    }

    private static String functionName(String fn) {
        String[] p = fn.split(":");
        int i = java.util.Arrays.asList(p).indexOf("function");
        if (i >= 0 && i + 1 < p.length) {
            return p[i + 1];
        }
        return p[0];
    }

    /** Builds a resolver of in-process handlers and prefix resolvers. */
    public static final class Builder {
        private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
        private final List<Map.Entry<String, TaskResolver>> prefixes = new ArrayList<>();
        private TaskResolver fallback;
        private Executor executor;

        private Builder() {
        }

        /**
         * Handles tasks whose Resource is {@code resourceOrFunctionName}, or that call the Lambda function of that
         * name (a function ARN, or {@code lambda:invoke} with that FunctionName). For {@code lambda:invoke} the
         * handler receives the Payload and its result is wrapped as the integration returns it
         * ({@code {"Payload": ..., "StatusCode": 200, ...}}).
         */
        public Builder handler(String resourceOrFunctionName, TaskHandler handler) {
            handlers.put(Objects.requireNonNull(resourceOrFunctionName, "resourceOrFunctionName"),
                    Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Sends every task whose Resource starts with {@code prefix} to {@code resolver}. */
        public Builder prefix(String prefix, TaskResolver resolver) {
            prefixes.add(Map.entry(prefix, resolver));
            return this;
        }

        /** Asked when nothing else matches. */
        public Builder fallback(TaskResolver resolver) {
            this.fallback = resolver;
            return this;
        }

        /**
         * Runs handlers on {@code executor} instead of the engine's thread (for handlers that block, or that run an
         * execution themselves). A virtual clock waits while they run.
         */
        public Builder async(Executor e) {
            this.executor = e;
            return this;
        }

        public TaskResolver build() {
            Map<String, TaskHandler> hs = Map.copyOf(handlers);
            List<Map.Entry<String, TaskResolver>> ps = List.copyOf(prefixes);
            TaskResolver fb = fallback;
            Executor ex = executor;
            return request -> {
                String resource = request.resource();
                TaskHandler h = hs.get(resource);
                boolean invoke = resource.startsWith(LAMBDA_INVOKE);
                String fn = null;
                if (h == null) {
                    fn = lambdaFunctionName(resource, request.arguments());
                    if (fn != null) {
                        h = hs.get(fn);
                    }
                } else {
                    invoke = false;
                }
                if (h != null) {
                    boolean lambda = invoke || fn != null;
                    TaskHandler handler = h;
                    boolean wrap = invoke;
                    if (ex == null) {
                        return CompletableFuture.completedFuture(call(handler, request, wrap, lambda));
                    }
                    return CompletableFuture.supplyAsync(() -> call(handler, request, wrap, lambda), ex);
                }
                for (Map.Entry<String, TaskResolver> p : ps) {
                    if (resource.startsWith(p.getKey())) {
                        return p.getValue().resolve(request);
                    }
                }
                return fb == null ? null : fb.resolve(request);
            };
        }
    }

    private static TaskResult call(TaskHandler h, TaskRequest request, boolean invoke, boolean lambda) {
        Object args = request.arguments();
        String in;
        if (invoke) {
            Object payload = args instanceof Map<?, ?> m && m.containsKey("Payload") ? m.get("Payload")
                    : new LinkedHashMap<String, Object>();
            in = Json.write(payload);
        } else {
            in = Json.write(args);
        }
        String out;
        try {
            out = h.handle(in);
        } catch (TaskFailedException e) {
            return TaskResult.failure(e.error(), e.errorCause());
        } catch (Exception e) {
            String type = e.getClass().getName();
            if (lambda) {
                Map<String, Object> cause = new LinkedHashMap<>();
                cause.put("errorMessage", e.getMessage());
                cause.put("errorType", type);
                cause.put("stackTrace", List.of());
                return TaskResult.failure(type, Json.write(cause));
            }
            return TaskResult.failure(type, e.getMessage());
        }
        if (request.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN) {
            return TaskResult.awaitToken();
        }
        Object value;
        try {
            value = out == null || out.isBlank() ? null : Json.parse(out);
        } catch (Json.JsonSyntaxException e) {
            return TaskResult.failure("States.TaskFailed", "The handler for '" + request.resource()
                    + "' returned text that is not JSON: " + e.getMessage());
        }
        if (!invoke) {
            return new TaskResult.Success(value);
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("ExecutedVersion", "$LATEST");
        wrapped.put("Payload", value);
        wrapped.put("SdkHttpMetadata", Map.of("HttpStatusCode", 200L));
        wrapped.put("SdkResponseMetadata", Map.of("RequestId", "00000000-0000-0000-0000-000000000000"));
        wrapped.put("StatusCode", 200L);
        return new TaskResult.Success(wrapped);
    }
}
