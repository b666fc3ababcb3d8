package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Only the subcommand asked for is built; global options and their values are skipped to find it. */
class CommandNameTest {

    @Test
    void the_subcommand_is_found_after_global_options_and_their_values() {
        assertThat(MlCompose.commandName("-f", "a.yml", "-p", "x", "--profile", "train", "up", "-d")).isEqualTo("up");
        assertThat(MlCompose.commandName("--file=a.yml", "-pX", "--debug", "ps")).isEqualTo("ps");
        assertThat(MlCompose.commandName("--ansi", "never", "--progress", "plain", "down", "-v")).isEqualTo("down");
        assertThat(MlCompose.commandName("--env-file", "ci.env", "--project-directory", "up", "--debug", "logs"))
                .as("a value that reads as a command is still a value").isEqualTo("logs");
        assertThat(MlCompose.commandName("--version")).isEmpty();
    }

    @Test
    void help_still_lists_every_command() {
        var out = new StringWriter();
        int code = MlCompose.run(new PrintWriter(out), new PrintWriter(new StringWriter()), System.in, Map.of(),
                Path.of("."), "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("config", "up", "down", "train", "lint", "generate-completion");
    }

    @Test
    void an_option_given_twice_is_parsed_like_any_other() {
        var out = new StringWriter();
        int code = MlCompose.run(new PrintWriter(out), new PrintWriter(new StringWriter()), System.in, Map.of(),
                Path.of("."), "-f", "a.yml", "-f", "a.yml", "ps", "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("Usage: mlcompose ps");
    }
}
