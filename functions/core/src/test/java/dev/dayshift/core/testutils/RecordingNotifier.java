package dev.dayshift.core.testutils;

import dev.dayshift.core.ports.Notifier;
import java.util.ArrayList;
import java.util.List;

/** A {@link Notifier} that keeps what it is given. Thread-safe. */
public final class RecordingNotifier implements Notifier {

    private final List<Notification> published = new ArrayList<>();

    @Override
    public synchronized void publish(Notification notification) {
        published.add(notification);
    }

    /** Everything published, in order. */
    public synchronized List<Notification> published() {
        return List.copyOf(published);
    }
}
