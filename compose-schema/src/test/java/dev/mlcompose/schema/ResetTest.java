package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code !reset} removes what earlier files set, a whole service included; it is no value to validate. */
class ResetTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Project load(String... files) {
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u"), files));
    }

    private List<String> problems(String... files) {
        try {
            load(files);
        } catch (InvalidProjectException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the project to be invalid");
    }

    @Test
    void reset_removes_a_whole_service_and_attributes_of_every_shape() throws IOException {
        write("compose.yaml", """
                services:
                  notebook: {image: jupyter, ports: ["8888:8888"]}
                  train:
                    image: trainer
                    command: python train.py
                    labels: {team: ml}
                    ports: ["6006:6006"]
                    environment: {MODE: online, PROJECT: demo}
                    healthcheck: {test: [CMD, "true"], interval: 30s, timeout: 5s}
                """);
        write("compose.override.yaml", """
                services:
                  notebook: !reset
                  train:
                    command: !reset
                    labels: !reset {}
                    ports: !reset []
                    environment:
                      PROJECT: !reset
                    healthcheck:
                      interval: !reset
                """);
        Project p = load();
        assertThat(p.services()).containsOnlyKeys("train");
        Service train = p.service("train").orElseThrow();
        assertThat(train.command()).isEmpty();
        assertThat(train.labels()).isEmpty();
        assertThat(train.ports()).isEmpty();
        assertThat(train.environment()).containsOnlyKeys("MODE");
        assertThat(train.healthcheck().orElseThrow().interval()).isEmpty();
        assertThat(train.healthcheck().orElseThrow().timeout()).isPresent();
    }

    @Test
    void a_reset_value_is_neither_interpolated_nor_validated() throws IOException {
        write("a.yaml", "services:\n  s: {image: s, user: root, mem_limit: 1g}\n");
        write("b.yaml", "services:\n  s:\n    user: !reset ${UNSET:?never read}\n    mem_limit: !reset lots\n");
        Service s = load("a.yaml", "b.yaml").service("s").orElseThrow();
        assertThat(s.user()).isEmpty();
        assertThat(s.options().limits().memory().limit()).isEmpty();
    }

    @Test
    void a_null_service_in_an_extends_file_is_fine_unless_it_is_the_one_extended() throws IOException {
        Path base = write("common/base.yaml", """
                services:
                  inference: {image: inference, volumes: ["./models:/models"]}
                  later:
                  legacy: !reset
                """);
        write("compose.yaml", "services:\n  serve:\n    extends: {file: common/base.yaml, service: inference}\n");
        assertThat(load().service("serve").orElseThrow().volumes().get(0).source())
                .contains(dir.resolve("common/models").toString());

        Path main = write("compose.yaml", "services:\n  serve:\n    extends: {file: common/base.yaml, service: later}\n");
        assertThat(problems()).containsExactly(main + ":3:14: services.serve.extends.service: cannot extend service"
                + " \"later\": no such service in " + base);
    }

    @Test
    void a_null_service_in_the_main_file_is_still_an_error() throws IOException {
        Path file = write("compose.yaml", "services:\n  app: {image: a}\n  later:\n");
        assertThat(problems()).containsExactly(file + ":3:9: services.later: must be a mapping, got null");
    }
}
