package com.example.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * examples/java synthesizes the same templates as examples/example-app.ts (synthesized by test/python/reference.ts
 * from the packed tarball at the same aws-cdk-lib and constructs versions). Everything is compared except what
 * legitimately differs between the languages: Resources.CDKMetadata.Properties.Analytics encodes the runtime.
 */
class ExampleAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path outdir;

    private static boolean synthesized;

    static JsonNode comparable(final Path file) throws IOException {
        JsonNode template = JSON.readTree(file.toFile());
        JsonNode metadata = template.path("Resources").path("CDKMetadata").path("Properties");
        if (metadata instanceof ObjectNode) {
            ((ObjectNode) metadata).remove("Analytics");
        }
        return template;
    }

    @ParameterizedTest
    @ValueSource(strings = {"AccountContactsExample", "OrganizationContactsExample"})
    void sameTemplateAsTypeScript(final String stack) throws IOException {
        synchronized (ExampleAppTest.class) {
            if (!synthesized) {
                ExampleApp.build(outdir.toString()).synth();
                synthesized = true;
            }
        }
        Path reference = Path.of(System.getProperty("typescript.reference"), "example", stack + ".template.json");
        assertTrue(Files.exists(reference), "the TypeScript reference is missing: " + reference);
        JsonNode java = comparable(outdir.resolve(stack + ".template.json"));
        assertTrue(java.path("Resources").size() >= 5, "too few resources: " + java.path("Resources").size());
        assertEquals(comparable(reference), java);
    }
}
