package dev.dayshift.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.core.ports.Notifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * The local stand-in for the notifications topic: every notification is appended as one JSON line to
 * {@code .dayshift/notifications.jsonl} and handed to a sink (the CLI prints it, the demo records it).
 */
public final class LocalNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final InstantSource clock;
    private final Consumer<Notification> sink;

    public LocalNotifier(Path file, InstantSource clock, Consumer<Notification> sink) {
        this.file = file;
        this.clock = clock;
        this.sink = sink;
    }

    @Override
    public synchronized void publish(Notification n) {
        ObjectNode line = JSON.createObjectNode();
        line.put("at", clock.instant().toString());
        line.put("environment", n.environment());
        line.put("subject", n.subject());
        line.put("message", n.message());
        line.set("attributes", JSON.valueToTree(n.attributes()));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.getLogger(LocalNotifier.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot append to " + file + ": " + e.getMessage());
        }
        sink.accept(n);
    }
}
