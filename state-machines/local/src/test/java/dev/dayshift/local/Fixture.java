package dev.dayshift.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small Dayshift project in a temporary directory: script phases whose behaviour is steered by
 * "knob" files, and a real HTTP health endpoint on loopback that answers 200 while the runtime is
 * deployed.
 */
final class Fixture implements AutoCloseable {

    final Path dir;
    final Path knobs;
    final Path config;
    final HttpServer server;

    Fixture(Path dir) throws IOException {
        this.dir = dir;
        this.knobs = Files.createDirectories(dir.resolve("knobs"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            boolean up = Files.exists(dir.resolve(".dayshift/phase-state/demo/runtime/deployed"))
                    && !Files.exists(knobs.resolve("unhealthy"));
            byte[] body = (up ? "ok" : "down").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        for (String phase : new String[] {"runtime", "base"}) {
            Path p = Files.createDirectories(dir.resolve(phase));
            Files.writeString(p.resolve("plan.sh"), """
                    set -eu
                    knobs='%s'
                    echo "plan $DAYSHIFT_PHASE mode=$DAYSHIFT_MODE" >> "$knobs/runs.log"
                    if [ -f "$knobs/fail-plan-once" ]; then rm "$knobs/fail-plan-once"; echo "flaky network" >&2; exit 75; fi
                    deployed=no; [ -f "$DAYSHIFT_STATE_DIR/deployed" ] && deployed=yes
                    changes=""
                    if [ "$DAYSHIFT_MODE" = deploy ] && [ $deployed = no ]; then
                      changes='{"address":"local_service.app","mode":"managed","change":{"actions":["create"],"before":null}}'
                    elif [ "$DAYSHIFT_MODE" = destroy ] && [ $deployed = yes ]; then
                      changes='{"address":"local_service.app","mode":"managed","change":{"actions":["delete"],"before":{"tags":{"Phase":"runtime"}}}}'
                    fi
                    if [ -f "$knobs/delete-base" ]; then
                      changes='{"address":"aws_vpc.main","mode":"managed","change":{"actions":["delete"],"before":{"tags_all":{"Phase":"base"}}}}'
                    fi
                    printf '{"format_version":"1.2","resource_changes":[%%s]}\\n' "$changes" > "$1"
                    """.formatted(knobs));
            Files.writeString(p.resolve("apply.sh"), """
                    set -eu
                    knobs='%s'
                    echo "start $(date +%%s%%N) $DAYSHIFT_ENVIRONMENT" >> "$knobs/overlap.log"
                    if [ -f "$knobs/slow" ]; then sleep 1; fi
                    if [ -f "$knobs/fail-apply" ]; then echo "apply broke" >&2; exit 1; fi
                    mkdir -p "$DAYSHIFT_STATE_DIR"
                    if grep -q '"delete"' "$1"; then rm -f "$DAYSHIFT_STATE_DIR/deployed"; else touch "$DAYSHIFT_STATE_DIR/deployed"; fi
                    echo "end $(date +%%s%%N) $DAYSHIFT_ENVIRONMENT" >> "$knobs/overlap.log"
                    """.formatted(knobs));
        }
        Files.createDirectories(dir.resolve("tf"));
        config = dir.resolve("dayshift.yaml");
        Files.writeString(config, """
                version: 1
                defaults: {timezone: UTC}
                environments:
                  demo:
                    lockWait: 10m
                    phases:
                      base: {tool: script, directory: base}
                      runtime:
                        tool: script
                        directory: runtime
                        healthChecks:
                          - {url: "http://127.0.0.1:%d/health", attempts: 3, interval: 5s, timeout: 2s}
                  prod:
                    protected: true
                    approvalTimeout: 1h
                    lockWait: 10m
                    phases:
                      base: {tool: script, directory: base}
                      runtime: {tool: script, directory: runtime}
                  tf:
                    phases:
                      runtime: {tool: terraform, directory: tf}
                """.formatted(port));
    }

    void knob(String name) throws IOException {
        Files.writeString(knobs.resolve(name), "");
    }

    String log(String name) throws IOException {
        Path f = knobs.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
