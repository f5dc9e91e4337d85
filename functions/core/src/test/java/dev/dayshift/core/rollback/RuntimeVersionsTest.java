package dev.dayshift.core.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dayshift.core.state.InMemoryStateStore;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeVersionsTest {

    static final Instant T = Instant.parse("2026-11-24T13:00:00Z");
    final RuntimeVersions versions = new RuntimeVersions(new InMemoryStateStore());

    void applied(String version, Instant at, String trigger) {
        versions.record("dev", new RuntimeVersions.Version(version, at, "exec-" + version + "-" + at, Optional.of("dev/runtime/p/"),
                Optional.of(trigger), Optional.empty()));
    }

    @Test
    void previousIsTheNewestVersionOtherThanTheCurrentOne() {
        assertThat(versions.previous("dev")).isEmpty();
        applied("v1", T, "schedule");
        applied("v1", T.plusSeconds(3600), "schedule");
        assertThat(versions.previous("dev")).as("only the current version").isEmpty();
        applied("v2", T.plusSeconds(7200), "manual");
        assertThat(versions.previous("dev")).map(RuntimeVersions.Version::sourceVersion).contains("v1");
    }

    @Test
    void aVersionARollbackMovedAwayFromIsNeverReappliedByAnother() {
        applied("v1", T, "schedule");
        applied("v2", T.plusSeconds(60), "manual");
        applied("v1", T.plusSeconds(120), "rollback");
        assertThat(versions.rolledBackFrom("dev")).containsExactly("v2");
        assertThat(versions.previous("dev")).isEmpty();
        applied("v3", T.plusSeconds(180), "manual");
        assertThat(versions.previous("dev")).map(RuntimeVersions.Version::sourceVersion).contains("v1");
    }

    @Test
    void appliesAtTheSameInstantKeepTheirOrder() {
        applied("v1", T, "manual");
        applied("v2", T, "manual");
        applied("v3", T, "rollback");
        assertThat(versions.newestFirst("dev")).extracting(RuntimeVersions.Version::sourceVersion).containsExactly("v3", "v2", "v1");
        assertThat(versions.newestFirst("dev")).allMatch(v -> v.appliedAt().equals(T));
    }

    @Test
    void findsTheNewestRecordOfAVersionWithItsSnapshot() {
        versions.record("dev", new RuntimeVersions.Version("v1", T, "legacy"));
        assertThat(versions.find("dev", "v1")).as("no snapshot known").isEmpty();
        applied("v1", T.plusSeconds(60), "schedule");
        assertThat(versions.find("dev", "v1")).map(RuntimeVersions.Version::snapshot).contains(Optional.of("dev/runtime/p/"));
        assertThat(versions.find("dev", "v9")).isEmpty();
    }
}
