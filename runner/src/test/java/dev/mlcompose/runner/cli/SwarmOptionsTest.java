package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the swarm backend, an option it does not honour yet is refused by name (exit 2) before anything is read, rather
 * than ignored; so is a {@code --dry-run} of a command that would change the Swarm.
 */
class SwarmOptionsTest {

    @TempDir
    Path dir; // no Compose file and no engine: a refusal that came after the load or a call would say so instead

    private String err;

    private int run(String... args) {
        var stderr = new StringWriter();
        int code = MlCompose.run(new PrintWriter(new StringWriter()), new PrintWriter(stderr),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", dir.toString(), "DOCKER_HOST", "tcp://127.0.0.1:9",
                        "MLCOMPOSE_BACKEND", "swarm"), dir, args);
        err = stderr.toString();
        return code;
    }

    @Test
    void options_the_swarm_backend_does_not_honour_are_refused_by_name() {
        assertThat(run("up", "-d", "--build", "--force-recreate")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).isEqualTo("error: --build, --force-recreate: not available for up on the swarm backend yet\n");

        assertThat(run("logs", "--since", "10m", "-t")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--since, --timestamps: not available for logs on the swarm backend yet");

        assertThat(run("ps", "--status", "running")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--status: not available for ps");

        assertThat(run("down", "--rmi", "all")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--rmi: not available for down");

        assertThat(run("run", "--name", "x", "-P", "app")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--name, --service-ports: not available for run");

        assertThat(run("ps", "--format", "{{.Name}}")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--format {{.Name}}: the swarm backend prints table or json");
    }

    @Test
    void a_dry_run_of_a_command_that_changes_the_swarm_is_refused_before_it_could_change_anything() {
        assertThat(run("--dry-run", "train")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--dry-run is not available for train on the swarm backend yet");
        assertThat(run("--dry-run", "run", "app")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--dry-run is not available for run on the swarm backend yet");
    }

    @Test
    void the_options_it_honours_get_past_the_check_to_the_missing_file() {
        assertThat(run("up", "--wait", "--wait-timeout", "5", "--gpu-policy", "wait", "--dry-run", "--backend", "swarm"))
                .isNotEqualTo(ExitCodes.USAGE);
        assertThat(err).doesNotContain("not available");
    }
}
