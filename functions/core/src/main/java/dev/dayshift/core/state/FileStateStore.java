package dev.dayshift.core.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.DayshiftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A {@link StateStore} in a directory: one JSON file per item ({@code <dir>/<pk>/<sk>.json}, keys
 * URL-encoded). Every operation holds an exclusive lock on {@code <dir>/.lock}, so conditional writes
 * stay exactly-once across threads and across processes (two {@code dayshift up} at once); files are
 * replaced atomically, so a crash never leaves half an item.
 */
public final class FileStateStore implements StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final InstantSource clock;
    /** One lock per directory for the whole JVM: file locks are per process, not per thread. */
    private static final java.util.concurrent.ConcurrentMap<Path, ReentrantLock> IN_PROCESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final ReentrantLock inProcess;

    public FileStateStore(Path dir) {
        this(dir, Clock.systemUTC());
    }

    public FileStateStore(Path dir, InstantSource clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.clock = clock;
        this.inProcess = IN_PROCESS.computeIfAbsent(this.dir, d -> new ReentrantLock());
    }

    /** The directory the items live in. */
    public Path directory() {
        return dir;
    }

    @Override
    public Optional<StoredItem> get(String pk, String sk) {
        return locked(() -> read(pk, sk));
    }

    @Override
    public List<StoredItem> query(String pk, String skPrefix) {
        return locked(() -> {
            Path partition = dir.resolve(encode(pk));
            List<StoredItem> out = new ArrayList<>();
            if (!Files.isDirectory(partition)) {
                return out;
            }
            try (Stream<Path> files = Files.list(partition)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".json")) {
                        continue;
                    }
                    String sk = URLDecoder.decode(name.substring(0, name.length() - 5), StandardCharsets.UTF_8);
                    if (sk.startsWith(skPrefix)) {
                        read(pk, sk).ifPresent(out::add);
                    }
                }
            } catch (IOException e) {
                throw failure("list", partition, e);
            }
            out.sort(java.util.Comparator.comparing(StoredItem::sk));
            return out;
        });
    }

    @Override
    public boolean putIfAbsent(StoredItem item) {
        return locked(() -> {
            if (read(item.pk(), item.sk()).isPresent()) {
                return false;
            }
            write(new StoredItem(item.pk(), item.sk(), 1, item.json(), item.expiresAt()));
            return true;
        });
    }

    @Override
    public boolean replace(StoredItem item) {
        return locked(() -> {
            Optional<StoredItem> current = read(item.pk(), item.sk());
            if (current.isEmpty() || current.get().version() != item.version() - 1) {
                return false;
            }
            write(item);
            return true;
        });
    }

    @Override
    public boolean deleteIfVersion(String pk, String sk, long version) {
        return locked(() -> {
            Optional<StoredItem> current = read(pk, sk);
            if (current.isEmpty() || current.get().version() != version) {
                return false;
            }
            try {
                Files.deleteIfExists(file(pk, sk));
            } catch (IOException e) {
                throw failure("delete", file(pk, sk), e);
            }
            return true;
        });
    }

    private <T> T locked(Supplier<T> action) {
        inProcess.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw failure("lock", dir, e);
        } finally {
            inProcess.unlock();
        }
    }

    private Path file(String pk, String sk) {
        return dir.resolve(encode(pk)).resolve(encode(sk) + ".json");
    }

    private Optional<StoredItem> read(String pk, String sk) {
        Path f = file(pk, sk);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("read", f, e);
        }
        if (node == null || !node.hasNonNull("version") || !node.hasNonNull("json")) {
            throw new DayshiftException(DayshiftException.Kind.FAILED,
                    "state file " + f + " is damaged (no version or json); move it aside to reset that item");
        }
        Optional<Instant> expires = node.hasNonNull("expiresAt")
                ? Optional.of(Instant.parse(node.get("expiresAt").asText())) : Optional.empty();
        StoredItem item = new StoredItem(pk, sk, node.get("version").asLong(), node.get("json").asText(), expires);
        if (item.expiredAt(clock.instant())) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw failure("delete", f, e);
            }
            return Optional.empty();
        }
        return Optional.of(item);
    }

    private void write(StoredItem item) {
        Path f = file(item.pk(), item.sk());
        ObjectNode node = JSON.createObjectNode();
        node.put("pk", item.pk());
        node.put("sk", item.sk());
        node.put("version", item.version());
        item.expiresAt().ifPresent(e -> node.put("expiresAt", e.toString()));
        node.put("json", item.json());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), ".tmp-", ".json");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw failure("write", f, e);
        }
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("*", "%2A");
    }

    private static DayshiftException failure(String what, Path where, IOException e) {
        return new DayshiftException(DayshiftException.Kind.FAILED,
                "cannot " + what + " local state at " + where + ": " + e.getMessage(), new UncheckedIOException(e));
    }
}
