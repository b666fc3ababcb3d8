package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code command} and {@code entrypoint} strings: the words the container gets, and what is said about them. */
class CommandStringTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Project load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(new LoadRequest(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), Map.of("HOME", "/home/u"), dir, true, warnings::add));
    }

    @Test
    void a_double_quoted_scalar_with_backslash_newlines_is_one_command_line() throws IOException {
        Project p = load("""
                services:
                  train:
                    image: t
                    command: "python train.py \\
                      --name \\"run one\\" \\
                      --since $$(date -u +%F)"
                """);
        assertThat(p.service("train").orElseThrow().command())
                .contains(List.of("python", "train.py", "--name", "run one", "--since", "$(date -u +%F)"));
    }

    @Test
    void words_after_a_shell_operator_are_dropped_as_compose_drops_them_and_said_so() throws IOException {
        Project p = load("services:\n  job:\n    image: j\n    command: python prep.py && python train.py\n");
        assertThat(p.service("job").orElseThrow().command()).contains(List.of("python", "prep.py"));
        assertThat(warnings).containsExactly("services.job.command: \"&& python train.py\" is dropped, as docker"
                + " compose drops what follows a shell operator in a command string; use [\"sh\", \"-c\", \"...\"] to"
                + " run it in a shell");
    }

    @Test
    void a_command_compose_cannot_split_is_reported_where_it_is_written() throws IOException {
        assertThatThrownBy(() -> load("services:\n  job:\n    image: j\n    entrypoint: echo 'open\n"))
                .isInstanceOf(InvalidProjectException.class)
                .hasMessageContaining("compose.yaml:4:17: services.job.entrypoint: invalid command line string");
    }
}
