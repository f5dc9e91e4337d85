package dev.dayshift.local.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a demo run: the timeline as text, and an HTML report with a week calendar per environment. */
public final class DemoReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    private DemoReport() {
    }

    /** One timeline line: "Mon 08:00  demo       EventBridge Scheduler  scheduled up  -> done: ...". */
    public static String line(Timeline.Entry e, ZoneId zone) {
        String mark = switch (e.result()) {
            case DONE -> "ok     ";
            case SKIPPED -> "skipped";
            case FAILED -> "FAILED ";
            case NOTE -> "note   ";
        };
        return String.format(Locale.ROOT, "%s  %-10s %-22s %-46s %s %s%s", WHEN.format(e.at().atZone(zone)), e.environment(),
                e.actor(), e.what(), mark, e.detail(), e.seconds() > 0.05 ? String.format(Locale.ROOT, " (%.1f s)", e.seconds()) : "");
    }

    /** The summary lines: runtime hours against always-on, per environment, then the alarms and budgets. */
    public static String summary(WeekDemo.Result r) {
        StringBuilder b = new StringBuilder();
        for (String env : r.runtimeUp().keySet()) {
            double up = r.upHours(env);
            b.append(String.format(Locale.ROOT, "%-10s runtime up %5.1f h of %.0f h: %5.1f h saved against always-on (%.0f%%)%n",
                    env, up, r.totalHours(), r.totalHours() - up, 100 * (r.totalHours() - up) / r.totalHours()));
        }
        for (Timeline.Entry e : highlights(r)) {
            b.append(String.format(Locale.ROOT, "%-10s %s %s: %s%n", e.environment(), WHEN.format(e.at().atZone(r.zone())),
                    e.actor(), e.detail()));
        }
        return b.toString();
    }

    /**
     * What the alarms and budgets did: CloudWatch's and AWS Budgets' outcomes (a rollback, a block) and the
     * scheduled starts a budget block refused.
     */
    public static List<Timeline.Entry> highlights(WeekDemo.Result r) {
        return r.timeline().stream().filter(e -> (e.actor().equals(DemoContext.CLOUDWATCH) || e.actor().equals(DemoContext.BUDGETS))
                        && e.result() != Timeline.Result.NOTE
                        || e.result() == Timeline.Result.SKIPPED && e.detail().startsWith("budget block"))
                .toList();
    }

    /** A self-contained HTML page. */
    public static String html(WeekDemo.Result r) {
        ZoneId zone = r.zone();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dayshift demo week</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:2px 6px;font-size:13px}.cal td.h{width:16px;height:18px;border:1px solid #fff;padding:0}")
                .append(".up{background:#2e9d5b}.part{background:#9fd8b4}.down{background:#e4e6ea}")
                .append(".ev td{border-bottom:1px solid #eee;vertical-align:top}.skipped{color:#8a6d00}.FAILED{color:#b00020}")
                .append(".note{color:#555}.done{color:#1b6b3a}h2{margin-top:1.6em}.sum td{border-bottom:1px solid #ddd}")
                .append("</style></head><body>");
        h.append("<h1>Dayshift: a simulated week</h1><p>").append(esc(DAY.format(r.scenario().start().atZone(zone))))
                .append(" to ").append(esc(DAY.format(r.scenario().end().minusSeconds(1).atZone(zone)))).append(" (")
                .append(esc(zone.getId())).append("), on a virtual clock; every job really ran on this host (")
                .append(String.format(Locale.ROOT, "%.1f s of wall time", r.wallSeconds())).append(").</p>");
        h.append("<table class=\"sum\"><tr><th>environment</th><th>runtime up</th><th>always-on</th><th>saved</th></tr>");
        for (String env : r.runtimeUp().keySet()) {
            double up = r.upHours(env);
            h.append("<tr><td>").append(esc(env)).append("</td><td>").append(String.format(Locale.ROOT, "%.1f h", up))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.0f h", r.totalHours())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f h (%.0f%%)", r.totalHours() - up, 100 * (r.totalHours() - up) / r.totalHours()))
                    .append("</td></tr>");
        }
        h.append("</table>");
        List<Timeline.Entry> highlights = highlights(r);
        if (!highlights.isEmpty()) {
            h.append("<h2>Alarms and budgets</h2><table class=\"ev\"><tr><th>when</th><th>environment</th><th>who</th>")
                    .append("<th>what</th><th>result</th><th>detail</th></tr>");
            highlights.forEach(e -> row(h, e, zone));
            h.append("</table>");
        }
        LocalDate first = r.scenario().start().atZone(zone).toLocalDate();
        for (Map.Entry<String, List<WeekDemo.Interval>> env : r.runtimeUp().entrySet()) {
            h.append("<h2>").append(esc(env.getKey())).append("</h2><table class=\"cal\"><tr><th></th>");
            for (int hr = 0; hr < 24; hr++) {
                h.append("<th>").append(hr % 3 == 0 ? String.format("%02d", hr) : "").append("</th>");
            }
            h.append("<th style=\"text-align:left\">what happened</th></tr>");
            for (int d = 0; d < 7; d++) {
                LocalDate day = first.plusDays(d);
                h.append("<tr><th style=\"text-align:left\">").append(esc(DAY.format(day))).append("</th>");
                for (int hr = 0; hr < 24; hr++) {
                    Instant a = day.atTime(hr, 0).atZone(zone).toInstant();
                    Instant b = day.atTime(hr, 0).plusHours(1).atZone(zone).toInstant();
                    double frac = upFraction(env.getValue(), a, b);
                    h.append("<td class=\"h ").append(frac >= 0.999 ? "up" : frac > 0 ? "part" : "down").append("\" title=\"")
                            .append(String.format(Locale.ROOT, "%02d:00 up %.0f%%", hr, frac * 100)).append("\"></td>");
                }
                h.append("<td>");
                for (Timeline.Entry e : r.timeline()) {
                    if (e.environment().equals(env.getKey()) && e.at().atZone(zone).toLocalDate().equals(day)) {
                        h.append("<div class=\"").append(e.result() == Timeline.Result.FAILED ? "FAILED"
                                        : e.result().name().toLowerCase(Locale.ROOT)).append("\">")
                                .append(esc(DateTimeFormatter.ofPattern("HH:mm").format(e.at().atZone(zone)))).append(" ")
                                .append(esc(e.actor())).append(": ").append(esc(e.what())).append(" &rarr; ")
                                .append(esc(e.result().name().toLowerCase(Locale.ROOT))).append(" <small>").append(esc(e.detail()))
                                .append("</small></div>");
                    }
                }
                h.append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Timeline</h2><table class=\"ev\"><tr><th>when</th><th>environment</th><th>who</th><th>what</th>")
                .append("<th>result</th><th>detail</th></tr>");
        for (Timeline.Entry e : r.timeline()) {
            row(h, e, zone);
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, Timeline.Entry e, ZoneId zone) {
        h.append("<tr><td>").append(esc(WHEN.format(e.at().atZone(zone)))).append("</td><td>").append(esc(e.environment()))
                .append("</td><td>").append(esc(e.actor())).append("</td><td>").append(esc(e.what())).append("</td><td class=\"")
                .append(e.result() == Timeline.Result.FAILED ? "FAILED" : e.result().name().toLowerCase(Locale.ROOT)).append("\">")
                .append(esc(e.result().name().toLowerCase(Locale.ROOT))).append("</td><td>").append(esc(e.detail()))
                .append("</td></tr>");
    }

    static double upFraction(List<WeekDemo.Interval> up, Instant a, Instant b) {
        long total = Duration.between(a, b).toSeconds();
        long covered = 0;
        for (WeekDemo.Interval i : up) {
            Instant s = i.from().isAfter(a) ? i.from() : a;
            Instant e = i.to().isBefore(b) ? i.to() : b;
            if (e.isAfter(s)) {
                covered += Duration.between(s, e).toSeconds();
            }
        }
        return total == 0 ? 0 : (double) covered / total;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
