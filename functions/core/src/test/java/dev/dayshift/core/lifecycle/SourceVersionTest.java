package dev.dayshift.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceVersionTest {

    @TempDir
    Path dir;

    @Nested
    class TheManifest {
        @Test
        void listsEachFileInByteOrderWithItsModeAndHashAndLeavesCachesOut() throws IOException {
            Files.writeString(dir.resolve("b.tf"), "b");
            Files.createDirectories(dir.resolve("a"));
            Files.writeString(dir.resolve("a/Z.tf"), "z");
            Path run = Files.writeString(dir.resolve("run.sh"), "echo");
            run.toFile().setExecutable(true);
            Files.createDirectories(dir.resolve(".terraform/providers"));
            Files.writeString(dir.resolve(".terraform/providers/p"), "cache");
            Files.createDirectories(dir.resolve("a/node_modules"));
            Files.writeString(dir.resolve("a/node_modules/x.js"), "cache");
            Files.writeString(dir.resolve("target"), "a file named target is content");

            assertThat(SourceVersion.manifest(dir)).isEqualTo(
                    "100644 " + sha256("z") + " a/Z.tf\n"
                            + "100644 " + sha256("b") + " b.tf\n"
                            + "100755 " + sha256("echo") + " run.sh\n"
                            + "100644 " + sha256("a file named target is content") + " target\n");
        }

        @Test
        void hashesASymbolicLinkOverItsTarget() throws IOException {
            Files.createSymbolicLink(dir.resolve("current"), Path.of("releases/2"));
            assertThat(SourceVersion.manifest(dir)).isEqualTo("120000 " + sha256("releases/2") + " current\n");
        }
    }

    @Nested
    class TheVersion {
        @Test
        void changesWithAnyContentModeOrNameAndOnlyThen() throws IOException {
            Path f = Files.writeString(dir.resolve("main.tf"), "resource");
            String v1 = SourceVersion.of(dir);
            assertThat(SourceVersion.of(dir)).isEqualTo(v1);
            Files.writeString(dir.resolve(".terraform.tfstate.backup"), "a file, not a cache directory");
            String v2 = SourceVersion.of(dir);
            assertThat(v2).isNotEqualTo(v1);
            Files.createDirectories(dir.resolve(".dayshift-out"));
            Files.writeString(dir.resolve(".dayshift-out/plan.json"), "{}");
            assertThat(SourceVersion.of(dir)).as("job output is not source").isEqualTo(v2);
            f.toFile().setExecutable(true);
            assertThat(SourceVersion.of(dir)).isNotEqualTo(v2);
        }

        @Test
        void isWrittenAsSha256AndShownShort() throws IOException {
            String v = SourceVersion.of(dir);
            assertThat(v).isEqualTo("sha256:" + sha256("")).matches(SourceVersion::isValid);
            assertThat(SourceVersion.shortForm(v)).isEqualTo("sha256:e3b0c44298fc");
            assertThat(SourceVersion.isValid("sha256:" + "A".repeat(64))).isFalse();
            assertThat(SourceVersion.isValid("a1b2c3")).isFalse();
            assertThat(SourceVersion.shortForm("a1b2c3")).isEqualTo("a1b2c3");
            assertThat(SourceVersion.parse((v + "\n").getBytes(StandardCharsets.UTF_8))).contains(v);
            assertThat(SourceVersion.parse("garbage".getBytes(StandardCharsets.UTF_8))).isEmpty();
        }
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
