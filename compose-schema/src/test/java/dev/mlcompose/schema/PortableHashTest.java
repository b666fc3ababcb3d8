package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.config.ConfigHash;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The skip cache's hash leaves the project's own folder out of the paths: a clone elsewhere matches its history,
 * while compose's hash (the containers' label) still tells the two folders apart.
 */
class PortableHashTest {

    private static final String FILE = """
            name: p
            services:
              train:
                image: t:1
                volumes: ["./data:/data:ro", "/srv/shared:/shared"]
            """;

    @TempDir
    Path scratch;

    @Test
    void a_clone_in_another_folder_has_the_same_portable_hash_and_another_compose_hash() throws Exception {
        Path a = Files.createDirectories(scratch.resolve("a"));
        Path b = Files.createDirectories(scratch.resolve("elsewhere/b"));

        var here = ComposeFiles.load(a, FILE);
        var clone = ComposeFiles.load(b, FILE);

        assertThat(ConfigHash.portable(clone).get("train")).isEqualTo(ConfigHash.portable(here).get("train"));
        assertThat(ConfigHash.of(clone, "train")).isNotEqualTo(ConfigHash.of(here, "train"));
    }

    @Test
    void a_path_outside_the_project_still_counts() throws Exception {
        Path a = Files.createDirectories(scratch.resolve("a"));
        String before = ConfigHash.portable(ComposeFiles.load(a, FILE)).get("train");
        String after = ConfigHash.portable(ComposeFiles.load(a, FILE.replace("/srv/shared", "/srv/other"))).get("train");
        String inside = ConfigHash.portable(ComposeFiles.load(a, FILE.replace("./data", "./data2"))).get("train");

        assertThat(after).isNotEqualTo(before);
        assertThat(inside).isNotEqualTo(before);
    }
}
