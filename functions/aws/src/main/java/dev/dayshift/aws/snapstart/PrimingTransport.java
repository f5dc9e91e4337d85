package dev.dayshift.aws.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The HTTP client of every Dayshift SDK client: the real one, except on a thread that is
 * {@link SnapStart#priming() priming}. There each request goes, through the real HTTP client, to a
 * server on the loopback interface inside this process, which answers as the service would (a
 * successful, empty response of its protocol: JSON {@code {}}, a Query {@code <ActionResponse>}, an
 * empty REST body; in a {@link SnapStart#losingRound() losing round} the error a racing call gets). REST
 * reads of objects answer as S3 does for a key that is new: {@code HEAD} finds nothing (404) in a winning
 * round and something in a losing one, and {@code GET} answers the object a handler put in place with
 * {@link #primingObject} (an image to process) or an empty one.
 * So priming runs marshalling, endpoint rules, signing, the JDK's HTTP stack and (error) unmarshalling,
 * and nothing leaves the process: the server answers {@code Connection: close}, so no connection is
 * cached, and it is stopped when priming ends ({@link #stopLoopback()}), so no socket or thread is in the
 * snapshot. In the warm-up rounds after the required ones ({@link SnapStart#warmupRound()}), and if no
 * loopback server can be started, the same answers are made in memory instead: the warm-up repeats the
 * SDK's and the handler's code for the JIT, which the loopback's round trips would only slow down.
 */
public final class PrimingTransport implements SdkHttpClient {

    /** Answers that make the adapters walk their usual path rather than fail on a missing field. */
    private static final Map<String, String> JSON_ANSWERS = Map.of(
            "AWSStepFunctions.StartExecution",
            "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:priming:priming\",\"startDate\":1.767225600123E9}",
            "DynamoDB_20120810.Query", "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}",
            "AmazonSQS.SendMessage", "{\"MessageId\":\"priming\",\"MD5OfMessageBody\":\"\"}",
            "AmazonEC2ContainerServiceV20141113.DescribeServices", "{\"services\":[{\"serviceName\":\"priming\","
                    + "\"serviceArn\":\"arn:aws:ecs:us-east-1:000000000000:service/priming/priming\","
                    + "\"status\":\"ACTIVE\",\"desiredCount\":1,\"runningCount\":1,\"taskDefinition\":"
                    + "\"arn:aws:ecs:us-east-1:000000000000:task-definition/priming:1\",\"deployments\":[{\"id\":\"ecs-svc/1\","
                    + "\"status\":\"PRIMARY\",\"taskDefinition\":\"arn:aws:ecs:us-east-1:000000000000:task-definition/priming:1\","
                    + "\"rolloutState\":\"COMPLETED\",\"desiredCount\":1,\"runningCount\":1}]}],\"failures\":[]}",
            // Every field of a Budget AWS Budgets fills in (Budgets API reference), timestamps as epoch seconds.
            "AWSBudgetServiceGateway.DescribeBudget", "{\"Budget\":{\"BudgetName\":\"priming\",\"BudgetType\":\"COST\","
                    + "\"TimeUnit\":\"MONTHLY\",\"BudgetLimit\":{\"Amount\":\"100.0\",\"Unit\":\"USD\"},"
                    + "\"CostFilters\":{},\"CostTypes\":{\"IncludeCredit\":false,\"IncludeDiscount\":true,"
                    + "\"IncludeOtherSubscription\":true,\"IncludeRecurring\":true,\"IncludeRefund\":false,"
                    + "\"IncludeSubscription\":true,\"IncludeSupport\":true,\"IncludeTax\":true,\"IncludeUpfront\":true,"
                    + "\"UseAmortized\":false,\"UseBlended\":false},"
                    + "\"TimePeriod\":{\"Start\":1.7672256E9,\"End\":3.7064736E9},\"LastUpdatedTime\":1.767225600704E9,"
                    + "\"CalculatedSpend\":{\"ActualSpend\":{\"Amount\":\"1.0\",\"Unit\":\"USD\"},"
                    + "\"ForecastedSpend\":{\"Amount\":\"2.0\",\"Unit\":\"USD\"}}}}");

    /** Tells the loopback server (another thread) whether the priming round is a losing one. */
    private static final String LOSING_HEADER = "x-dayshift-priming-losing";
    private static final Object LOCK = new Object();
    private static HttpServer loopback;
    private static boolean loopbackUnavailable;

    /** Objects a {@code GET} answers while priming, by key (see {@link #primingObject}). */
    private static final Map<String, PrimingObject> OBJECTS = new ConcurrentHashMap<>();

    private final SdkHttpClient delegate;

    public PrimingTransport(SdkHttpClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (!SnapStart.priming()) {
            return delegate.prepareRequest(request);
        }
        Integer port = SnapStart.warmupRound() ? null : loopbackPort();
        if (port != null) {
            SdkHttpRequest local = request.httpRequest().toBuilder()
                    .protocol("http").host(InetAddress.getLoopbackAddress().getHostAddress()).port(port)
                    .putHeader(LOSING_HEADER, String.valueOf(SnapStart.losingRound()))
                    .build();
            return delegate.prepareRequest(HttpExecuteRequest.builder().request(local)
                    .contentStreamProvider(request.contentStreamProvider().orElse(null)).build());
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                SdkHttpRequest http = request.httpRequest();
                Answer a = answer(http.method().name(), http.encodedPath(), http.firstMatchingHeader("Content-Type").orElse(""),
                        http.firstMatchingHeader("X-Amz-Target").orElse(""), body(request), SnapStart.losingRound());
                byte[] bytes = http.method().name().equals("HEAD") ? new byte[0] : a.body();
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(a.status())
                        .putHeader("Content-Length", String.valueOf(bytes.length));
                a.headers().forEach(response::putHeader);
                return HttpExecuteResponse.builder().response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
            }

            @Override
            public void abort() {
                // nothing is in flight
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Stops the loopback server, if priming started one; called when priming ends. */
    static void stopLoopback() {
        newRound();
        synchronized (LOCK) {
            if (loopback != null) {
                loopback.stop(0);
                loopback = null;
            }
        }
    }

    private static Integer loopbackPort() {
        synchronized (LOCK) {
            if (loopback == null && !loopbackUnavailable) {
                try {
                    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                    s.createContext("/", PrimingTransport::serve);
                    s.start();
                    loopback = s;
                } catch (IOException | RuntimeException | LinkageError e) {
                    loopbackUnavailable = true;
                }
            }
            return loopback == null ? null : loopback.getAddress().getPort();
        }
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean losing = "true".equals(exchange.getRequestHeaders().getFirst(LOSING_HEADER));
            Answer a = answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    contentType == null ? "" : contentType, target == null ? "" : target, body, losing);
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("Connection", "close");
            byte[] bytes = a.body();
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(a.status(), head || bytes.length == 0 ? -1 : bytes.length);
            if (!head && bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /**
     * While priming, a {@code GET} of an object whose key is {@code key} (in any bucket) answers {@code body}
     * as {@code contentType}, so a handler that reads objects (the image processor) walks its whole path:
     * reading, processing, writing. Outside priming it changes nothing.
     */
    public static void primingObject(String key, byte[] body, String contentType) {
        OBJECTS.put(SdkHttpUtils.urlEncodeIgnoreSlashes(Objects.requireNonNull(key, "key")),
                new PrimingObject(body.clone(), Objects.requireNonNull(contentType, "contentType")));
    }

    private record PrimingObject(byte[] body, String contentType) {
    }

    /** What the service would answer. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    static Answer answer(String method, String path, String contentType, String target, String requestBody, boolean losing) {
        Map<String, String> ids = Map.of("x-amzn-RequestId", "priming", "x-amz-request-id", "priming",
                "ETag", "\"priming\"");
        if (contentType.startsWith("application/x-amz-json")) {
            String lost = losing ? lost(target, requestBody) : null;
            Map<String, String> headers = new java.util.HashMap<>(ids);
            headers.put("Content-Type", contentType);
            if (lost != null) {
                return new Answer(400, headers, lost);
            }
            String winner = losing ? winner(target, requestBody) : null;
            return new Answer(200, headers, winner != null ? winner : JSON_ANSWERS.getOrDefault(target, "{}"));
        }
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            String action = action(requestBody);
            Map<String, String> headers = new java.util.HashMap<>(ids);
            headers.put("Content-Type", "text/xml");
            String result = switch (action) {
                case "DescribeAlarms" -> describeAlarmsResult(requestBody);
                case "Publish" -> "<MessageId>0b9f3e6a-priming-0000-0000-000000000000</MessageId>";
                default -> "";
            };
            return new Answer(200, headers, "<" + action + "Response xmlns=\"" + xmlNamespace(requestBody) + "\"><"
                    + action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
                    + "7c3d9f2e-priming-0000-0000-000000000000</RequestId></ResponseMetadata></" + action + "Response>");
        }
        if (method.equals("HEAD")) {
            return new Answer(losing ? 200 : 404, ids, "");
        }
        PrimingObject object = method.equals("GET") ? objectAt(path) : null;
        if (object != null) {
            Map<String, String> headers = new java.util.HashMap<>(ids);
            headers.put("Content-Type", object.contentType());
            return new Answer(200, headers, object.body());
        }
        return new Answer(200, ids, "");
    }

    /** The priming object a REST path names: its last segments are the key (path-style requests start with the bucket). */
    private static PrimingObject objectAt(String path) {
        for (Map.Entry<String, PrimingObject> o : OBJECTS.entrySet()) {
            if (path.endsWith("/" + o.getKey())) {
                return o.getValue();
            }
        }
        return null;
    }

    /**
     * The error a call that can lose a race answers in a losing round: the first DynamoDB write with a
     * condition to each table fails it (see {@link #LOST_TABLES}), a Step Functions start finds its execution
     * already there; null for other calls.
     */
    private static String lost(String target, String requestBody) {
        if (target.startsWith("DynamoDB_20120810.") && requestBody.contains("\"ConditionExpression\"")) {
            JsonNode write = parse(requestBody);
            if (write == null || !LOST_TABLES.add(write.path("TableName").asText())) {
                return null; // the retry after a lost race goes through, so optimistic loops end
            }
            if (target.equals("DynamoDB_20120810.PutItem") && write.path("Item").isObject()) {
                WINNERS.put(write.path("TableName").asText(), write.path("Item"));
            }
            return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                    + "\"message\":\"The conditional request failed\"}";
        }
        if (target.equals("AWSStepFunctions.StartExecution")) {
            return "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution already exists: 'priming'\"}";
        }
        return null;
    }

    /**
     * A losing round's state. The first conditional write to each table loses (later ones, the retries of
     * an optimistic loop, go through: a race is lost once, not forever), and the item a lost
     * {@code PutItem} tried to write is the winner's: a {@code GetItem} of the same table and key finds it,
     * as the loser of a real race does (a lock's loser reads who holds it).
     */
    private static final Set<String> LOST_TABLES = ConcurrentHashMap.newKeySet();
    private static final Map<String, JsonNode> WINNERS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code GetItem} answer of a losing round when a conditional write lost to that very item. */
    private static String winner(String target, String requestBody) {
        if (!target.equals("DynamoDB_20120810.GetItem") || WINNERS.isEmpty()) {
            return null;
        }
        JsonNode get = parse(requestBody);
        JsonNode item = get == null ? null : WINNERS.get(get.path("TableName").asText());
        if (item == null || !get.path("Key").isObject()) {
            return null;
        }
        for (Map.Entry<String, JsonNode> k : get.path("Key").properties()) {
            if (!k.getValue().equals(item.get(k.getKey()))) {
                return null;
            }
        }
        return JSON.createObjectNode().set("Item", item).toString();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts a priming round afresh: no race lost yet. */
    static void newRound() {
        LOST_TABLES.clear();
        WINNERS.clear();
    }

    private static String body(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isEmpty()) {
            return "";
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * CloudWatch's answer to {@code DescribeAlarms}: the alarm asked for, in state OK, with every field of a
     * MetricAlarm CloudWatch fills in (CloudWatch API reference), so the SDK's XML unmarshalling and the
     * adapter's reading of an alarm run as on a real answer.
     */
    private static String describeAlarmsResult(String body) {
        String name = formParameter(body, "AlarmNames.member.1", "priming");
        String escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String topic = "arn:aws:sns:us-east-1:000000000000:priming";
        return "<CompositeAlarms/><MetricAlarms><member><AlarmName>" + escaped + "</AlarmName>"
                + "<AlarmArn>arn:aws:cloudwatch:us-east-1:000000000000:alarm:" + escaped + "</AlarmArn>"
                + "<AlarmDescription>priming</AlarmDescription>"
                + "<AlarmConfigurationUpdatedTimestamp>2026-01-01T00:00:00.000Z</AlarmConfigurationUpdatedTimestamp>"
                + "<ActionsEnabled>true</ActionsEnabled><OKActions><member>" + topic + "</member></OKActions>"
                + "<AlarmActions><member>" + topic + "</member></AlarmActions><InsufficientDataActions/>"
                + "<StateValue>OK</StateValue><StateReason>Threshold Crossed: 3 datapoints were not greater than the"
                + " threshold (20.0).</StateReason><StateReasonData>{\"version\":\"1.0\",\"queryDate\":"
                + "\"2026-01-01T00:00:00.000+0000\",\"statistic\":\"Sum\",\"period\":60,\"recentDatapoints\":[0.0,"
                + "0.0,0.0],\"threshold\":20.0}</StateReasonData>"
                + "<StateUpdatedTimestamp>2026-01-01T00:00:00.000Z</StateUpdatedTimestamp>"
                + "<StateTransitionedTimestamp>2026-01-01T00:00:00.000Z</StateTransitionedTimestamp>"
                + "<MetricName>HTTPCode_Target_5XX_Count</MetricName><Namespace>AWS/ApplicationELB</Namespace>"
                + "<Statistic>Sum</Statistic><Dimensions><member><Name>LoadBalancer</Name><Value>app/priming/0</Value>"
                + "</member></Dimensions><Period>60</Period><EvaluationPeriods>3</EvaluationPeriods>"
                + "<DatapointsToAlarm>3</DatapointsToAlarm><Threshold>20.0</Threshold>"
                + "<ComparisonOperator>GreaterThanThreshold</ComparisonOperator>"
                + "<TreatMissingData>notBreaching</TreatMissingData><Metrics/></member></MetricAlarms>";
    }

    /** The XML namespace of a Query protocol answer: the service's, from the request's API version. */
    private static String xmlNamespace(String body) {
        String version = formParameter(body, "Version", "");
        return switch (version) {
            case "2010-08-01" -> "http://monitoring.amazonaws.com/doc/2010-08-01/";
            case "2010-03-31" -> "http://sns.amazonaws.com/doc/2010-03-31/";
            default -> "https://priming.invalid/doc/" + version.replaceAll("[^0-9-]", "") + "/";
        };
    }

    /** The {@code Action} of a Query protocol request body. */
    private static String action(String body) {
        String a = formParameter(body, "Action", "");
        return a.matches("[A-Za-z0-9]+") ? a : "Priming";
    }

    /** The last value of {@code name} in a form-encoded body, decoded; {@code otherwise} if it has none. */
    private static String formParameter(String body, String name, String otherwise) {
        String value = otherwise;
        for (String pair : body.split("&")) {
            if (pair.startsWith(name + "=")) {
                value = URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
