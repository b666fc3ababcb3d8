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

/** A COMPOSE_PARALLEL_LIMIT that is no positive number is one line and exit 2, before the engine is asked. */
class ParallelLimitTest {

    @TempDir
    Path dir;

    @Test
    void a_limit_that_is_not_a_positive_number_is_refused_with_its_value() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: busybox\n");
        for (String value : new String[] {"x", "0", "-3", "99999999999"}) {
            var err = new StringWriter();
            int code = MlCompose.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                    new ByteArrayInputStream(new byte[0]), Map.of("HOME", dir.toString(), "COMPOSE_PARALLEL_LIMIT", value,
                            "DOCKER_HOST", "tcp://127.0.0.1:9"), dir, "up", "-d");

            assertThat(code).as(value).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).isEqualTo("error: COMPOSE_PARALLEL_LIMIT=" + value
                    + ": not a positive whole number\n");
        }
    }
}
