package dev.dayshift.cli.image;

import static dev.dayshift.functions.images.testutils.TestImages.averageAround;
import static dev.dayshift.functions.images.testutils.TestImages.nearestName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dayshift.cli.Dayshift;
import dev.dayshift.functions.images.testutils.Libvips;
import dev.dayshift.functions.images.testutils.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandTest {

    @TempDir
    Path dir;

    StringWriter out;
    StringWriter err;

    @BeforeEach
    void needsLibvips() {
        Libvips.transformer();
        out = new StringWriter();
        err = new StringWriter();
    }

    int run(String... args) {
        return Dayshift.execute(args, new PrintWriter(out), new PrintWriter(err));
    }

    List<JsonNode> lines() throws IOException {
        List<JsonNode> result = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String l : out.toString().lines().toList()) {
            result.add(m.readTree(l));
        }
        return result;
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve("in").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    @Nested
    class AFolderOfHostileAndOddFiles {

        @Test
        void everyFileIsHandledWithOneJsonLineAndCorrectlyOrientedOutputs() throws IOException {
            BufferedImage canonical = TestImages.canonical(400, 240);
            byte[] jpeg = TestImages.jpeg(TestImages.photo(600, 400, 9));
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("rotated-6.jpg", TestImages.withOrientation(TestImages.jpeg(TestImages.storedFor(canonical, 6)), 6));
            files.put("rotated-8.jpg", TestImages.withOrientation(TestImages.jpeg(TestImages.storedFor(canonical, 8)), 8));
            files.put("cmyk.jpg", TestImages.resource("cmyk.jpg"));
            files.put("deep.png", TestImages.png(300, 200, 2, 16));
            files.put("png-named.jpg", TestImages.encode(TestImages.palette(300, 200), "png"));
            files.put("empty.jpg", new byte[0]);
            files.put("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
            files.put("bomb.png", TestImages.pngHeaderOnly(30_000, 30_000));
            files.put("notes.png", "just text".getBytes(StandardCharsets.UTF_8));
            List<String> args = new ArrayList<>(List.of("image", "transform", "--out", dir.resolve("out").toString()));
            for (var e : files.entrySet()) {
                args.add(write(e.getKey(), e.getValue()).toString());
            }

            assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();

            Map<String, JsonNode> byName = new LinkedHashMap<>();
            for (JsonNode l : lines()) {
                byName.put(Path.of(l.get("input").asText()).getFileName().toString(), l);
            }
            assertThat(byName.keySet()).containsExactlyElementsOf(files.keySet());
            assertThat(byName.get("rotated-6.jpg").get("status").asText()).isEqualTo("ok");
            assertThat(byName.get("png-named.jpg").get("format").asText()).isEqualTo("PNG");
            assertThat(byName.get("deep.png").get("status").asText()).isEqualTo("ok");
            assertThat(byName.get("cmyk.jpg").get("status").asText()).isEqualTo("ok");
            assertThat(byName.get("empty.jpg").get("reason").asText()).isEqualTo("empty");
            assertThat(byName.get("truncated.jpg").get("reason").asText()).isIn("truncated", "corrupt");
            assertThat(byName.get("bomb.png").get("reason").asText()).isEqualTo("too-many-pixels");
            assertThat(byName.get("notes.png").get("reason").asText()).isEqualTo("unsupported-format");

            for (String rotated : List.of("rotated-6.jpg", "rotated-8.jpg")) {
                Path medium = dir.resolve("out/medium/" + rotated + ".jpg");
                BufferedImage img = TestImages.decode(Files.readAllBytes(medium));
                assertThat(img.getWidth()).as(rotated).isEqualTo(400);
                assertThat(img.getHeight()).as(rotated).isEqualTo(240);
                assertThat(nearestName(averageAround(img, 100, 60, 20))).as(rotated + " top-left").isEqualTo("red");
                assertThat(nearestName(averageAround(img, 300, 180, 20))).as(rotated + " bottom-right").isEqualTo("blue");
            }
            assertThat(dir.resolve("out/thumb/rotated-6.jpg.webp")).isRegularFile();
            assertThat(dir.resolve("out/thumb/empty.jpg.webp")).doesNotExist();
            try (var s = Files.walk(dir.resolve("out"))) {
                assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
            }
        }
    }

    @Nested
    class Variants {

        @Test
        void theConfigurationFileChoosesTheVariants() throws IOException {
            Path config = Files.writeString(dir.resolve("images.yaml"), """
                    images:
                      variants:
                        - {name: square, width: 64, height: 64, fit: cover, format: png}
                    """);
            Path input = write("photo.jpg", TestImages.jpeg(TestImages.photo(300, 200, 2)));
            assertThat(run("image", "transform", input.toString(), "--out", dir.resolve("o").toString(),
                    "--config", config.toString())).isZero();
            JsonNode line = lines().get(0);
            assertThat(line.get("variants")).hasSize(1);
            assertThat(line.get("variants").get(0).get("width").asInt()).isEqualTo(64);
            assertThat(line.get("variants").get(0).get("height").asInt()).isEqualTo(64);
            assertThat(dir.resolve("o/square/photo.jpg.png")).isRegularFile();
        }

        @Test
        void withoutAConfigurationTheThreeDefaultVariantsAreWritten() throws IOException {
            Path input = write("photo.jpg", TestImages.jpeg(TestImages.photo(3000, 2000, 2)));
            assertThat(run("image", "transform", input.toString(), "--out", dir.resolve("o").toString())).isZero();
            assertThat(lines().get(0).get("variants")).extracting(v -> v.get("name").asText())
                    .containsExactly("thumb", "medium", "large");
            assertThat(dir.resolve("o/large/photo.jpg.jpg")).isRegularFile();
        }
    }

    @Nested
    class BadUsage {

        @Test
        void aMissingInputFileIsBadUsageAndNothingIsWritten() {
            assertThat(run("image", "transform", dir.resolve("nope.jpg").toString(), "--out", dir.resolve("o").toString()))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("input file not found").contains("nope.jpg");
            assertThat(dir.resolve("o")).doesNotExist();
        }

        @Test
        void theOutputDirectoryIsRequired() throws IOException {
            Path input = write("a.jpg", TestImages.jpeg(TestImages.canonical(10, 10)));
            assertThat(run("image", "transform", input.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("--out");
        }

        @Test
        void twoInputsWithTheSameFileNameAreRefused() throws IOException {
            Path a = write("a/x.jpg", TestImages.jpeg(TestImages.canonical(10, 10)));
            Path b = write("b/x.jpg", TestImages.jpeg(TestImages.canonical(10, 10)));
            assertThat(run("image", "transform", a.toString(), b.toString(), "--out", dir.resolve("o").toString()))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("share the file name");
        }

        @Test
        void anInvalidConfigurationIsBadInputWithItsLocation() throws IOException {
            Path config = Files.writeString(dir.resolve("bad.yaml"), "images:\n  variants:\n    - {name: x, format: tiff}\n");
            Path input = write("a.jpg", TestImages.jpeg(TestImages.canonical(10, 10)));
            assertThat(run("image", "transform", input.toString(), "--out", dir.resolve("o").toString(),
                    "--config", config.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("bad.yaml");
        }
    }
}
