package dev.dayshift.aws;

import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.core.state.StoredItem;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The {@link StateStore} on a DynamoDB table with a string partition key {@code pk} and a string sort
 * key {@code sk}. Items carry {@code version} (N), {@code json} (S), and when they expire
 * {@code expiresAtMs} (N, exact, used in conditions) and {@code ttl} (N, epoch seconds: the table's
 * TTL attribute, which deletes them eventually). Since TTL deletion lags, every read and every
 * condition treats an item past {@code expiresAtMs} as absent. Reads are strongly consistent.
 */
public final class DynamoDbStateStore implements StateStore {

    /** The TTL attribute the table must be configured with. */
    public static final String TTL_ATTRIBUTE = "ttl";

    private static final String LIVE = "(attribute_not_exists(expiresAtMs) OR expiresAtMs > :now)";

    private final DynamoDbClient dynamo;
    private final String table;
    private final InstantSource clock;

    public DynamoDbStateStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public DynamoDbStateStore(DynamoDbClient dynamo, String table, InstantSource clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<StoredItem> get(String pk, String sk) {
        Map<String, AttributeValue> item = call("read " + pk + "/" + sk, () -> dynamo.getItem(b -> b.tableName(table)
                .key(key(pk, sk)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : live(toItem(item));
    }

    @Override
    public List<StoredItem> query(String pk, String skPrefix) {
        List<StoredItem> out = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(pk));
        String condition = "pk = :pk";
        if (!skPrefix.isEmpty()) {
            condition += " AND begins_with(sk, :prefix)";
            values.put(":prefix", s(skPrefix));
        }
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).keyConditionExpression(condition)
                    .expressionAttributeValues(values).consistentRead(true);
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = call("query " + pk, () -> dynamo.query(q.build()));
            page.items().forEach(i -> live(toItem(i)).ifPresent(out::add));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public boolean putIfAbsent(StoredItem item) {
        StoredItem first = new StoredItem(item.pk(), item.sk(), 1, item.json(), item.expiresAt());
        return conditional("create " + item.pk() + "/" + item.sk(), () -> dynamo.putItem(b -> b.tableName(table)
                .item(toAttributes(first))
                .conditionExpression("attribute_not_exists(pk) OR expiresAtMs <= :now")
                .expressionAttributeValues(Map.of(":now", now()))));
    }

    @Override
    public boolean replace(StoredItem item) {
        return conditional("update " + item.pk() + "/" + item.sk(), () -> dynamo.putItem(b -> b.tableName(table)
                .item(toAttributes(item))
                .conditionExpression("version = :previous AND " + LIVE)
                .expressionAttributeValues(Map.of(":previous", n(item.version() - 1), ":now", now()))));
    }

    @Override
    public boolean deleteIfVersion(String pk, String sk, long version) {
        return conditional("delete " + pk + "/" + sk, () -> dynamo.deleteItem(b -> b.tableName(table)
                .key(key(pk, sk))
                .conditionExpression("version = :version AND " + LIVE)
                .expressionAttributeValues(Map.of(":version", n(version), ":now", now()))));
    }

    private Optional<StoredItem> live(StoredItem item) {
        return item.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(item);
    }

    private AttributeValue now() {
        return n(clock.instant().toEpochMilli());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static Map<String, AttributeValue> toAttributes(StoredItem item) {
        Map<String, AttributeValue> a = new HashMap<>(key(item.pk(), item.sk()));
        a.put("version", n(item.version()));
        a.put("json", s(item.json()));
        item.expiresAt().ifPresent(e -> {
            a.put("expiresAtMs", n(e.toEpochMilli()));
            a.put(TTL_ATTRIBUTE, n((e.toEpochMilli() + 999) / 1000));
        });
        return a;
    }

    private StoredItem toItem(Map<String, AttributeValue> a) {
        String pk = a.get("pk").s();
        String sk = a.get("sk").s();
        if (!a.containsKey("version") || !a.containsKey("json")) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "item " + pk + "/" + sk + " in table " + table
                    + " has no version or json: it was not written by Dayshift");
        }
        Optional<Instant> expires = a.containsKey("expiresAtMs")
                ? Optional.of(Instant.ofEpochMilli(Long.parseLong(a.get("expiresAtMs").n()))) : Optional.empty();
        return new StoredItem(pk, sk, Long.parseLong(a.get("version").n()), a.get("json").s(), expires);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }

    private boolean conditional(String what, Runnable call) {
        try {
            call(what, () -> {
                call.run();
                return null;
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new DayshiftException(DayshiftException.Kind.FAILED, "DynamoDB table " + table + ": cannot " + what
                    + ": " + e.getMessage(), e);
        }
    }
}
