package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which services an attached {@code up} follows, as docker compose v2 picks them (checked against 2.26.1). */
class AttachedServicesTest {

    @TempDir
    Path dir;

    private Project project;

    @BeforeEach
    void load() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  dep: {image: busybox}
                  app: {image: busybox, depends_on: [dep]}
                  other: {image: busybox}
                """);
        project = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    private Set<String> attached(List<String> named, List<String> attach, List<String> noAttach, boolean dependencies) {
        return AttachedServices.of(project, named, false, attach, noAttach, dependencies, Optional.empty());
    }

    @Test
    void by_default_every_service_or_only_the_named_ones_without_their_dependencies() {
        assertThat(attached(List.of(), List.of(), List.of(), false)).containsExactlyInAnyOrder("dep", "app", "other");
        assertThat(attached(List.of("app"), List.of(), List.of(), false)).containsExactly("app");
        assertThat(attached(List.of("app"), List.of(), List.of(), true)).containsExactlyInAnyOrder("app", "dep");
    }

    @Test
    void attach_restricts_and_no_attach_removes() {
        assertThat(attached(List.of(), List.of("other"), List.of(), false)).containsExactly("other");
        assertThat(attached(List.of("app"), List.of("dep"), List.of(), false)).as("a dependency is in up").containsExactly("dep");
        assertThat(attached(List.of(), List.of(), List.of("dep"), false)).containsExactlyInAnyOrder("app", "other");
        assertThat(AttachedServices.of(project, List.of(), false, List.of("dep"), List.of(), false, Optional.of("app")))
                .as("--exit-code-from is followed").containsExactlyInAnyOrder("dep", "app");
    }

    @Test
    void attaching_outside_up_or_to_nothing_is_a_usage_error() {
        assertThatThrownBy(() -> attached(List.of("other"), List.of("app"), List.of(), false))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessage("cannot attach to services not included in up: app");
        assertThatThrownBy(() -> attached(List.of("app"), List.of(), List.of("app"), false))
                .hasMessageContaining("no service left to attach to");
        assertThatThrownBy(() -> attached(List.of(), List.of("app"), List.of(), true))
                .hasMessage("--attach and --attach-dependencies cannot be combined");
    }
}
