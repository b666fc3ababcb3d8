package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which services the active profiles enable, the empty profile name included (as compose-go cli/options.go). */
class ProfilesTest {

    @TempDir
    Path dir;

    @BeforeEach
    void write() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  api: {image: api, profiles: [""]}
                  worker: {image: w, profiles: ["", cpu]}
                  worker-gpu: {image: w, profiles: [gpu]}
                  db: {image: db}
                """);
    }

    private Set<String> enabled(Map<String, String> env, String... profiles) {
        return ComposeLoader.load(LoadRequest.of(dir, env).withProfiles(List.of(profiles))).services().keySet();
    }

    @Test
    void with_no_profile_the_empty_name_is_active() {
        assertThat(enabled(Map.of())).containsExactlyInAnyOrder("api", "worker", "db");
        assertThat(enabled(Map.of("COMPOSE_PROFILES", ""))).containsExactlyInAnyOrder("api", "worker", "db");
    }

    @Test
    void a_named_profile_replaces_the_empty_one_unless_listed_with_it() {
        assertThat(enabled(Map.of(), "gpu")).containsExactlyInAnyOrder("worker-gpu", "db");
        assertThat(enabled(Map.of("COMPOSE_PROFILES", " gpu "))).containsExactlyInAnyOrder("worker-gpu", "db");
        assertThat(enabled(Map.of("COMPOSE_PROFILES", "gpu,"))).containsExactlyInAnyOrder("api", "worker",
                "worker-gpu", "db");
        assertThat(enabled(Map.of(), "gpu", "")).containsExactlyInAnyOrder("api", "worker", "worker-gpu", "db");
    }
}
