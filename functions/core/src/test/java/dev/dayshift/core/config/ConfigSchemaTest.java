package dev.dayshift.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON Schema shipped for editors agrees with the loader on what is valid. */
class ConfigSchemaTest {

    static JsonSchema schema;
    static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = ConfigSchemaTest.class.getResourceAsStream("/dayshift.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static Set<ValidationMessage> validate(String yaml) throws Exception {
        JsonNode node = YAML.readTree(yaml);
        return schema.validate(node);
    }

    @Test
    void theDocumentedExampleIsValidUnderTheSchema() throws Exception {
        String text = Files.readString(ConfigLoaderTest.EXAMPLE);
        assertThat(validate(text)).isEmpty();
        ConfigLoader.load(ConfigLoaderTest.EXAMPLE);
    }

    @Test
    void theMinimalFileIsValidUnderTheSchema() throws Exception {
        assertThat(validate(ConfigLoaderTest.MINIMAL)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "environments:\n  dev:\n    regoin: us-east-1\n    phases: {runtime: {tool: cdk, directory: x}}\n",
        "environments:\n  dev:\n    phases: {base: {tool: cdk, directory: x}}\n",
        "environments:\n  dev:\n    phases: {runtime: {tool: pulumi, directory: x}}\n",
        "environments:\n  Dev_1:\n    phases: {runtime: {tool: cdk, directory: x}}\n",
        "environments:\n  prod:\n    protected: true\n    schedule:\n      down: cron(0 19 ? * MON-FRI *)\n    phases: {runtime: {tool: cdk, directory: x}}\n",
        "environments:\n  dev:\n    rollback: {targets: [{name: a, type: ecs-service, cluster: c, alarms: [x]}]}\n    phases: {runtime: {tool: cdk, directory: x}}\n",
        "environments:\n  dev:\n    budget: {limit: 5, alerts: [{threshold: 5, actions: [panic]}]}\n    phases: {runtime: {tool: cdk, directory: x}}\n",
        "environments:\n  dev:\n    holidays: [{date: 2026-12-24, month: 12}]\n    phases: {runtime: {tool: cdk, directory: x}}\n",
        "images: {variants: [{name: a, format: png}]}\nenvironments:\n  dev: {phases: {runtime: {tool: cdk, directory: x}}}\n",
        "version: 2\nenvironments:\n  dev: {phases: {runtime: {tool: cdk, directory: x}}}\n",
    })
    void whatTheLoaderRejectsTheSchemaRejectsToo(String yaml) throws Exception {
        assertThat(validate(yaml)).isNotEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                ConfigLoader.parse(yaml, "t.yaml", Path.of("t.yaml"), Path.of("/tmp"))).isInstanceOf(ConfigException.class);
    }
}
