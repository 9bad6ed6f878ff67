package com.example.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java block, as written: saved where the README says, compiled against the jar and Maven Central's
 * aws-cdk-lib (the tests' own class path), and run in a JVM of its own with CDK_OUTDIR set, as `cdk synth` runs it.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of(System.getProperty("repository.root", "../.."));

    @TempDir
    Path folder;

    @Test
    void theJavaBlockSynthesizes() throws IOException, InterruptedException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher matcher = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertEquals(1, blocks.size(), "the README's Java blocks: this test expects the quick start's one");
        Matcher saveAs = Pattern.compile("Save it as `src/main/java/([\\w/]+)\\.java`").matcher(readme);
        assertTrue(saveAs.find(), "the README no longer says where to save the Java block");
        String mainClass = saveAs.group(1).replace('/', '.');

        Path source = folder.resolve("src/main/java/" + saveAs.group(1) + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, blocks.get(0), StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(folder.resolve("classes"));
        String classPath = System.getProperty("java.class.path");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, compiler.run(null, null, null, "-d", classes.toString(), "-cp", classPath, source.toString()), "javac");

        Path assembly = folder.resolve("cdk.out");
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + classPath, mainClass)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("output.txt").toFile());
        java.environment().put("CDK_OUTDIR", assembly.toString());
        Process process = java.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the block ran for more than 5 minutes");
        assertEquals(0, process.exitValue(), Files.readString(folder.resolve("output.txt")));

        JsonNode template = new ObjectMapper().readTree(assembly.resolve("AccountContacts.template.json").toFile());
        Map<String, Integer> types = new HashMap<>();
        template.get("Resources").forEach(resource -> types.merge(resource.get("Type").asText(), 1, Integer::sum));
        assertEquals(2, types.getOrDefault("Custom::AccountAlternateContact", 0), types.toString());
        assertTrue(types.getOrDefault("AWS::Lambda::Function", 0) >= 1, types.toString());
        // The provider function's code is the bundle shipped inside the jar, staged into the assembly by content hash.
        for (JsonNode resource : template.get("Resources")) {
            if (resource.get("Type").asText().equals("AWS::Lambda::Function")) {
                String hash = resource.at("/Properties/Code/S3Key").asText().split("\\.")[0];
                List<Path> staged;
                try (var entries = Files.list(assembly)) {
                    staged = entries.filter(entry -> entry.getFileName().toString().startsWith("asset." + hash)).toList();
                }
                assertEquals(1, staged.size(), hash + " is not staged in the assembly");
                assertTrue(Files.size(staged.get(0).resolve("index.js")) > 1000, staged.get(0) + " holds no bundled handler");
            }
        }
    }
}
