package dev.mlcompose.runner.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinterTest {

    @TempDir
    Path dir;

    private Project load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")));
    }

    @Test
    void every_rule_reports_its_service_location_and_fix() throws IOException {
        Project project = load("""
                services:
                  trainer:
                    image: pytorch/pytorch
                    deploy:
                      resources:
                        reservations:
                          devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]
                  api:
                    image: api:latest
                    user: "1000"
                    ports: ["8000:8000"]
                    environment:
                      HF_TOKEN: hf_abc
                      DB_PASSWORD_FILE: /run/secrets/db
                      MODEL_PATH: /models/model.pkl
                  db:
                    image: postgres:16
                    user: postgres
                    healthcheck: {test: [CMD, pg_isready]}
                  ops:
                    image: ops:1
                    user: "1000"
                    privileged: true
                    network_mode: host
                    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
                  web:
                    image: web:1
                    user: "1000"
                    healthcheck: {test: [CMD, ok]}
                    ports: ["5000:5000"]
                    scale: 2
                """);

        var findings = Linter.lint(project, image -> image.startsWith("pytorch") ? Optional.of("") : Optional.empty());

        assertThat(findings).extracting(f -> f.service() + " " + f.ruleId() + " " + f.location().line()).containsExactly(
                "trainer ML002 2", "trainer ML004 2", "trainer ML001 3", "api ML001 9", "api ML003 11", "api ML006 13",
                "api ML005 15", "db ML005 16", "ops ML007 23", "ops ML009 24", "ops ML008 25", "web ML010 30");
        assertThat(findings).allSatisfy(f -> assertThat(f.location().file()).endsWith("compose.yaml"))
                .allSatisfy(f -> assertThat(f.fix()).isNotBlank());
        assertThat(LintReport.text(findings)).contains(":13:7: error ML006: service api: secret in plain environment value HF_TOKEN");
    }

    @Test
    void example_pipeline_passes_clean() throws IOException {
        Path example = Path.of("../examples/ml-pipeline.yml").toAbsolutePath().normalize();
        Project project = ComposeLoader.load(LoadRequest.of(example.getParent(), Map.of("HOME", "/tmp"), example.toString()));

        assertThat(Linter.lint(project, image -> Optional.empty())).isEmpty();
    }

    @Test
    void sarif_is_valid_sarif_2_1_0_with_rules_and_regions() throws IOException {
        var findings = Linter.lint(load("services:\n  a: {image: busybox, privileged: true}\n"), image -> Optional.empty());

        var sarif = new ObjectMapper().readTree(LintReport.sarif(findings));

        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        var run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("rules")).hasSize(10);
        assertThat(run.path("results")).hasSize(2);
        assertThat(run.path("results").get(0).path("locations").get(0).path("physicalLocation").path("region")
                .path("startLine").asInt()).isEqualTo(2);
    }
}
