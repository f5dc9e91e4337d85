package dev.dayshift.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImagesSectionTest {

    @Test
    void aFileWithOnlyAnImagesSectionLoads() {
        ImagePipelineConfig c = ConfigLoader.parseImages("""
                images:
                  maxPixels: 5000000
                  variants:
                    - {name: square, width: 200, height: 200, fit: cover, format: png}
                """, "images.yaml");
        assertThat(c.maxPixels()).isEqualTo(5_000_000);
        assertThat(c.variants()).singleElement().satisfies(v -> {
            assertThat(v.fit()).isEqualTo(ImageVariant.Fit.COVER);
            assertThat(v.format()).isEqualTo(ImageVariant.Format.PNG);
        });
    }

    @Test
    void otherSectionsAreIgnoredAndAMissingImagesSectionGivesTheDefaults() {
        ImagePipelineConfig c = ConfigLoader.parseImages("environments: {anything: [1, 2]}\n", "dayshift.yaml");
        assertThat(c).isEqualTo(ImagePipelineConfig.defaults());
        assertThat(ConfigLoader.parseImages("", "empty.yaml")).isEqualTo(ImagePipelineConfig.defaults());
    }

    @Test
    void jsonTextIsAccepted() {
        ImagePipelineConfig c = ConfigLoader.parseImages(
                "{\"images\": {\"variants\": [{\"name\": \"t\", \"width\": 64, \"format\": \"webp\", \"quality\": 60}]}}", "env");
        assertThat(c.variants().get(0).quality()).isEqualTo(60);
    }

    @Test
    void problemsInTheImagesSectionAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> ConfigLoader.parseImages("""
                images:
                  variants:
                    - {name: Bad Name, width: 10, format: gif}
                """, "images.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("images.yaml:3");
    }
}
