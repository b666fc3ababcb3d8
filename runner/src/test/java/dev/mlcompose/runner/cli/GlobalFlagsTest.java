package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compose's global flags that mlcompose cannot honour are one line and exit 2, before the engine is asked. */
class GlobalFlagsTest {

    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: busybox\n");
        return MlCompose.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", dir.toString(), "DOCKER_HOST", "tcp://127.0.0.1:9"),
                dir, args);
    }

    @Test
    void compatibility_mode_is_refused_with_the_names_mlcompose_gives() throws Exception {
        var err = new StringWriter();
        assertThat(run(err, "--compatibility", "up", "-d")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--compatibility").contains("project-service-1");
    }

    @Test
    void dry_run_refuses_a_command_it_cannot_dry_run_and_names_those_it_can() throws Exception {
        var err = new StringWriter();
        assertThat(run(err, "--dry-run", "pull")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo("error: --dry-run is not available for pull; it is for up, create, down"
                + " and stop, and for the commands that only read\n");
    }

    @Test
    void trains_own_file_option_is_read_after_the_global_ones() throws Exception {
        var err = new StringWriter();
        Files.writeString(dir.resolve("override.yml"), "services:\n  a:\n    mem_limit: lots\n");

        assertThat(run(err, "-f", "compose.yaml", "train", "-f", "override.yml")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString()).as("the override is merged onto the global file's service")
                .startsWith("error: ").contains("override.yml:3:").contains("services.a.mem_limit");
    }

    @Test
    void version_alone_prints_the_version_and_help_beside_it_still_lists_the_commands() {
        var out = new StringWriter();
        assertThat(MlCompose.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", dir.toString()), dir, "--version")).isZero();
        assertThat(out.toString()).startsWith("mlcompose ").contains("(Java ");

        var help = new StringWriter();
        MlCompose.run(new PrintWriter(help), new PrintWriter(new StringWriter()), new ByteArrayInputStream(new byte[0]),
                Map.of("HOME", dir.toString()), dir, "--version", "--help");
        assertThat(help.toString()).contains("Usage: mlcompose").containsPattern("(?m)^  up\\b");
    }
}
