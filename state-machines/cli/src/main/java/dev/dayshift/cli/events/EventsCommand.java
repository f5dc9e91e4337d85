package dev.dayshift.cli.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dayshift.cli.ConfigOption;
import dev.dayshift.cli.ExitCodes;
import dev.dayshift.core.config.DayshiftConfig;
import dev.dayshift.core.events.AwsEvents;
import dev.dayshift.core.events.EventOutcome;
import dev.dayshift.core.events.Parsed;
import dev.dayshift.core.ports.Notifier;
import dev.dayshift.core.state.FileStateStore;
import dev.dayshift.core.state.InMemoryStateStore;
import dev.dayshift.core.state.StateStore;
import dev.dayshift.functions.images.ImageTransformer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dayshift events ...}: recorded AWS events, offline. */
@Command(name = "events", description = "Replay recorded AWS events through Dayshift's handlers, offline.",
        subcommands = EventsCommand.Replay.class, mixinStandardHelpOptions = true)
public final class EventsCommand {

    /** {@code dayshift events replay FILE... [--config FILE]}. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Delivers recorded events to the rollback trigger, the budget guard, the schedule gate and the",
                "image pipeline, as the Lambdas would, and prints one JSON line per event:",
                "  {\"source\",\"environment\",\"action\",\"reason\",\"execution\",\"event\"}",
                "A FILE holds one event, several JSON documents (JSON lines), or an AWS Budgets notification's text.",
                "Events are delivered in the order of their own timestamps, on a clock that follows them (--clock),",
                "lines are printed in input order. Executions are named as they would start (once per name), not run.",
                "Exit 0 when every event was handled (a rejected event is handled), 1 when one could not be,",
                "2 on bad usage (no such file, invalid configuration)."})
    static final class Replay implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files: JSON, JSON lines, or Budgets text.")
        List<Path> files;

        @Mixin
        ConfigOption config;

        @Option(names = "--state", paramLabel = "DIR",
                description = "Keep the decisions, episodes, claims and budget blocks in DIR (the local runtime's is"
                        + " .dayshift/state beside the configuration), so later replays and the schedule gate see them."
                        + " Default: a fresh state for this replay only.")
        Path state;

        /** What time the replay runs at. */
        enum ClockMode { events, now }

        @Option(names = "--clock", paramLabel = "events|now",
                description = "events: deliver in the order of the events' own timestamps on a clock that follows them"
                        + " (default without --state); now: deliver in input order at the current time, as if they"
                        + " arrived now (default with --state, so what is kept is current for the local runtime).")
        ClockMode clockMode;

        @Option(names = "--objects", paramLabel = "DIR",
                description = "Where S3 objects of S3/SQS events are looked for, as DIR/<bucket>/<key> (default: the"
                        + " configuration file's directory).")
        Path objects;

        @Option(names = "--variants", paramLabel = "DIR",
                description = "Where image variants go, as DIR/<variant>/<key>.<ext> (default: <objects>/variants).")
        Path variants;

        @Spec
        CommandSpec spec;

        /** One event of the replay, where it came from, and what became of it. */
        private record Item(String label, int order, Parsed<AwsEvents.Event> event, Optional<Instant> at) {
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Item> items = readAll();
            DayshiftConfig cfg = config.load();
            boolean eventTime = (clockMode != null ? clockMode : state == null ? ClockMode.events : ClockMode.now)
                    == ClockMode.events;
            Instant now = Clock.systemUTC().instant();
            Instant start = eventTime ? items.stream().map(Item::at).flatMap(Optional::stream).min(Comparator.naturalOrder())
                    .orElse(now) : now;
            Replayer.ReplayClock clock = new Replayer.ReplayClock(start);
            StateStore store = state == null ? new InMemoryStateStore(clock) : new FileStateStore(state, clock);
            List<Notifier.Notification> notifications = new ArrayList<>();
            Path objectsDir = (objects != null ? objects : cfg.source().toAbsolutePath().getParent()).toAbsolutePath();
            Path variantsDir = (variants != null ? variants : objectsDir.resolve("variants")).toAbsolutePath();
            Replayer replayer = new Replayer(cfg, store, new Replayer.RecordedStarts(), notifications::add, clock,
                    objectsDir, variantsDir, () -> ImageTransformer.create(0));

            // Deliver in time order (an event without a time stays with the one before it), print in input order.
            List<Item> byTime = new ArrayList<>(items);
            Instant[] effective = new Instant[items.size()];
            Instant last = start;
            for (Item it : items) {
                last = eventTime ? it.at().orElse(last) : now;
                effective[it.order()] = last;
            }
            byTime.sort(Comparator.comparing((Item it) -> effective[it.order()]).thenComparingInt(Item::order));
            EventOutcome[] outcomes = new EventOutcome[items.size()];
            for (Item it : byTime) {
                clock.moveTo(effective[it.order()]);
                try {
                    outcomes[it.order()] = replayer.handle(it.event());
                } catch (RuntimeException e) {
                    outcomes[it.order()] = new EventOutcome(EventOutcome.UNKNOWN, Optional.empty(), "failed",
                            "could not handle the event: " + e.getMessage(), Optional.empty());
                }
            }
            boolean failed = false;
            for (Item it : items) {
                EventOutcome o = outcomes[it.order()];
                failed |= "failed".equals(o.action());
                ObjectNode line = o.toJson();
                line.put("event", it.label());
                out.println(line.toString());
            }
            out.flush();
            return failed ? ExitCodes.FAILED : ExitCodes.OK;
        }

        private List<Item> readAll() {
            List<String> problems = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (Path f : files) {
                if (!Files.exists(f)) {
                    problems.add("event file not found: " + f);
                } else if (!Files.isRegularFile(f)) {
                    problems.add("not a regular file: " + f);
                } else {
                    try {
                        texts.add(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
                                .toString());
                    } catch (CharacterCodingException e) {
                        texts.add(null);
                    } catch (IOException e) {
                        problems.add("cannot read " + f + ": " + e.getMessage());
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                String text = texts.get(i);
                List<Parsed<AwsEvents.Event>> events = text == null
                        ? List.of(Parsed.rejected("the file is not UTF-8 text")) : AwsEvents.read(text);
                for (int k = 0; k < events.size(); k++) {
                    Parsed<AwsEvents.Event> e = events.get(k);
                    Optional<Instant> at = e instanceof Parsed.Ok<AwsEvents.Event> ok ? ok.value().time() : Optional.empty();
                    items.add(new Item(files.get(i) + (events.size() > 1 ? "#" + (k + 1) : ""), items.size(), e, at));
                }
            }
            return items;
        }
    }
}
