package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What CI scripts pipe through {@code exec -T} and {@code run -T} ({@code psql < dump.sql}, {@code cat > copy}):
 * stdin goes in to its end, so the command finishes, and stdout and stderr come out apart, byte for byte; the
 * same command lines through docker compose v2 give the same bytes.
 */
class PipedStdinE2ETest extends EngineScenario {

    private static final int MIB = 1 << 20;

    private Path input;

    @BeforeEach
    void randomInput() throws Exception {
        byte[] bytes = new byte[MIB];
        new Random(42).nextBytes(bytes); // every byte value, invalid UTF-8 included
        input = Files.write(scratch.resolve("input.bin"), bytes);
    }

    @Test
    void exec_T_passes_a_mebibyte_of_stdin_to_its_end_and_stdout_back_byte_for_byte() throws Exception {
        ComposeV2.require("exec -T beside compose");
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();

        var ours = piped(mlcomposeLine("exec", "-T", "shell", "cat"), "ours.bin");
        var theirs = piped(composeLine("exec", "-T", "shell", "cat"), "theirs.bin");

        assertThat(ours.exitCode()).as(ours.err()).isZero();
        assertThat(scratch.resolve("ours.bin")).as("the input came back unchanged").hasSameBinaryContentAs(input);
        assertThat(theirs.exitCode()).as(theirs.err()).isZero();
        assertThat(scratch.resolve("theirs.bin")).hasSameBinaryContentAs(input);
    }

    @Test
    void exec_T_keeps_stderr_apart_and_returns_the_exit_code_once_stdin_has_ended() throws Exception {
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();

        var result = piped(mlcomposeLine("exec", "-T", "shell", "sh", "-c", "wc -c; echo read-all >&2; exit 7"),
                "count.txt");

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(Files.readString(scratch.resolve("count.txt")).strip()).isEqualTo(String.valueOf(MIB));
        assertThat(result.err()).isEqualTo("read-all\n");
    }

    @Test
    void run_T_passes_a_mebibyte_of_stdin_to_its_end_and_its_output_back_byte_for_byte() throws Exception {
        ComposeV2.require("run -T beside compose");

        var ours = piped(mlcomposeLine("run", "--rm", "-T", "shell", "sh", "-c", "cat; echo done >&2; exit 3"),
                "ours.bin");
        var theirs = piped(composeLine("run", "--rm", "-T", "shell", "sh", "-c", "cat; echo done >&2; exit 3"),
                "theirs.bin");

        assertThat(ours.exitCode()).as(ours.err()).isEqualTo(3);
        assertThat(scratch.resolve("ours.bin")).as("the input came back unchanged").hasSameBinaryContentAs(input);
        assertThat(ours.err()).as("the container's stderr, after the progress lines (the network made)")
                .endsWith("\ndone\n");
        assertThat(theirs.exitCode()).isEqualTo(3);
        assertThat(scratch.resolve("theirs.bin")).hasSameBinaryContentAs(input);
        assertThat(theirs.err()).endsWith("done\n");
        assertThat(Docker.run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project))
                .as("--rm removed both one-offs").isBlank();
    }

    @Test
    void without_stdin_to_read_a_command_that_reads_it_ends_at_once() throws Exception {
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();
        Path empty = Files.write(scratch.resolve("empty"), new byte[0]);

        var exec = Cli.piped(SCENARIOS.resolve("exec"), mlcomposeLine("exec", "-T", "shell", "cat"), empty,
                scratch.resolve("exec.out"));
        var run = Cli.piped(SCENARIOS.resolve("exec"), mlcomposeLine("run", "--rm", "-T", "shell", "cat"), empty,
                scratch.resolve("run.out"));

        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(scratch.resolve("exec.out"), StandardCharsets.UTF_8)).isEmpty();
    }

    private Cli.Piped piped(List<String> command, String output) throws Exception {
        return Cli.piped(SCENARIOS.resolve("exec"), command, input, scratch.resolve(output));
    }

    private List<String> mlcomposeLine(String... args) {
        var line = new ArrayList<>(List.of("java", "-jar", Cli.JAR.toString(), "-f", "compose.yaml", "-p", project,
                "--progress", "plain"));
        line.addAll(List.of(args));
        return line;
    }

    private List<String> composeLine(String... args) {
        var line = new ArrayList<>(List.of(ComposeV2.BINARY.toString(), "-f", "compose.yaml", "-p", project));
        line.addAll(List.of(args));
        return line;
    }
}
