package dev.dayshift.cli.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.core.DayshiftException;
import dev.dayshift.core.budget.BudgetGuard;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.AwsEvents;
import dev.dayshift.core.events.EventRouter;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.gate.ScheduleGate;
import dev.dayshift.core.ports.ExecutionStarter;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.rollback.RollbackTrigger;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.functions.images.EncodedVariant;
import dev.dayshift.functions.images.ImageRejectedException;
import dev.dayshift.functions.images.ImageTransformer;
import dev.dayshift.functions.images.internal.S3Notification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Hands replayed events to the same logic the Lambdas run ({@link EventRouter}: alarms to the
 * {@link RollbackTrigger}, budget notifications to the {@link BudgetGuard}, schedule events to the
 * {@link ScheduleGate}), and S3 and SQS events to the image pipeline's transform (when the object is on
 * this machine). Executions are
 * named and recorded, as Step Functions would start them (once per name), but not run.
 */
final class Replayer {

    /** A clock that replay moves to each event's time. */
    static final class ReplayClock implements InstantSource {
        private volatile Instant now;

        ReplayClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void moveTo(Instant t) {
            if (t.isAfter(now)) {
                now = t;
            }
        }
    }

    /** Executions the replay started, by machine and name; a name starts once. */
    static final class RecordedStarts implements ExecutionStarter {
        final Map<String, String> started = new ConcurrentHashMap<>();

        @Override
        public StartResult start(Machine machine, String executionName, String inputJson) {
            boolean existed = started.putIfAbsent(machine + "/" + executionName, inputJson) != null;
            return new StartResult("replay:" + machine.name().toLowerCase(java.util.Locale.ROOT) + ":" + executionName, existed);
        }
    }

    private final EventRouter router;
    private final DayshiftConfig config;
    private final Path objects;
    private final Path variants;
    private final Supplier<ImageTransformer> transformer;
    private final ObjectMapper json = new ObjectMapper();
    private ImageTransformer images;

    Replayer(DayshiftConfig config, StateStore store, ExecutionStarter starter, Notifier notifier, InstantSource clock,
            Path objects, Path variants, Supplier<ImageTransformer> transformer) {
        this.config = config;
        this.router = new EventRouter(config, new RollbackTrigger(config, store, starter, clock),
                new BudgetGuard(config, store, starter, notifier, clock), new ScheduleGate(config, store, starter, clock),
                this::image);
        this.objects = objects;
        this.variants = variants;
        this.transformer = transformer;
    }

    /** What one event does; never throws for a bad event (it is rejected). */
    EventOutcome handle(Parsed<AwsEvents.Event> parsed) {
        return router.handle(parsed);
    }

    private EventOutcome image(String source, List<String> bodies) {
        List<String> done = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int skipped = 0;
        for (String body : bodies) {
            S3Notification.Body b = S3Notification.parse(json, body);
            switch (b) {
                case S3Notification.TestEvent t -> skipped++;
                case S3Notification.NotAnS3Event bad -> refused.add(bad.problem());
                case S3Notification.Records records -> {
                    skipped += records.ignored();
                    for (S3Notification.ObjectCreated o : records.created()) {
                        transform(o, done, refused);
                    }
                }
            }
        }
        if (!refused.isEmpty()) {
            return EventOutcome.rejected(source, String.join("; ", refused)
                    + (done.isEmpty() ? "" : "; processed: " + String.join("; ", done)));
        }
        if (done.isEmpty()) {
            return new EventOutcome(source, Optional.empty(), "ignored", skipped == 0 ? "no object-created records"
                    : skipped + " record(s) that are not object-created events (or an s3:TestEvent)", Optional.empty());
        }
        return new EventOutcome(source, Optional.empty(), "processed", String.join("; ", done), Optional.empty());
    }

    private void transform(S3Notification.ObjectCreated o, List<String> done, List<String> refused) {
        String name = "s3://" + o.bucket() + "/" + o.key();
        Path file = objects.resolve(o.bucket()).resolve(o.key()).normalize();
        if (!file.startsWith(objects.normalize()) || !Files.isRegularFile(file)) {
            refused.add(name + " is not available locally (looked for " + file + "); put the object there, or use"
                    + " dayshift image transform FILE");
            return;
        }
        try {
            if (images == null) {
                images = transformer.get();
            }
            ImageTransformer.checkSize(Files.size(file), config.images());
            List<EncodedVariant> out = images.transform(Files.readAllBytes(file), config.images());
            for (EncodedVariant v : out) {
                Path target = variants.resolve(v.variant().name()).resolve(o.key() + "." + v.extension()).normalize();
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".dayshift-", ".part");
                Files.write(tmp, v.bytes());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done.add(name + ": " + out.size() + " variants in " + variants);
        } catch (ImageRejectedException e) {
            refused.add(name + ": " + e.getMessage());
        } catch (IOException | DayshiftException e) {
            refused.add(name + ": " + e.getMessage());
        }
    }
}
