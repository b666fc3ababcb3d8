package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command line that does not parse: exit 2, the cause and where the help is, before any file is read. */
class UsageErrorsTest {

    @TempDir
    Path dir; // no Compose file: a check that came after the load would report the missing file instead

    private String err;

    private int run(String... args) {
        var stderr = new StringWriter();
        int code = MlCompose.run(new PrintWriter(new StringWriter()), new PrintWriter(stderr),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", dir.toString(), "DOCKER_HOST", "tcp://127.0.0.1:9"),
                dir, args);
        err = stderr.toString();
        return code;
    }

    @Test
    void a_value_outside_an_options_choices_is_one_line_and_the_way_to_the_help() {
        assertThat(run("train", "--gpu-policy", "maybe")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).isEqualTo("error: Invalid value for option '--gpu-policy': expected one of [fail, wait] "
                + "(case-sensitive) but was 'maybe'\nSee 'mlcompose train --help'.\n");

        assertThat(run("lint", "--format", "xml")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("expected one of [text, json, sarif]").doesNotContain("Usage:");
    }

    @Test
    void a_pull_policy_or_config_format_outside_the_commands_words_is_refused_before_any_file_is_read() {
        assertThat(run("up", "--pull", "sometimes")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).isEqualTo("error: Invalid value for option '--pull': --pull must be always, missing, never or"
                + " build, not sometimes\nSee 'mlcompose up --help'.\n");

        assertThat(run("run", "--pull", "build", "app")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--pull must be always, missing or never, not build").doesNotContain("compose.yaml");

        assertThat(run("config", "--format", "toml")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("expected one of [yaml, json]").endsWith("See 'mlcompose config --help'.\n");
    }

    @Test
    void a_mistyped_option_gets_suggestions() {
        assertThat(run("up", "--no-biuld")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).startsWith("error: Unknown option: '--no-biuld'\n").contains("--no-build")
                .endsWith("See 'mlcompose up --help'.\n");
    }
}
