package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code COMPOSE_IGNORE_ORPHANS} and {@code --remove-orphans} contradict each other, as compose 2.26.1 says. */
class OrphanOptionsTest {

    @TempDir
    Path dir;

    @Test
    void ignoring_and_removing_orphans_at_once_is_a_usage_error_before_anything_runs() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), "services: {app: {image: app}}\n");
        var err = new StringWriter();

        int code = MlCompose.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                new ByteArrayInputStream(new byte[0]), Map.of("COMPOSE_IGNORE_ORPHANS", "true"), dir,
                "up", "-d", "--remove-orphans");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans")
                .doesNotContain("at dev.mlcompose");
    }
}
