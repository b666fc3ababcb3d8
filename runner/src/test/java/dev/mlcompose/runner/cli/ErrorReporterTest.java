package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last guard: running out of stack or memory is one line and an exit code, never a trace. */
class ErrorReporterTest {

    @TempDir
    Path dir;

    private record Outcome(int code, String err) {
    }

    /** Runs the CLI on a thread with a small stack, where a file within the YAML limits still overflows it. */
    private Outcome runOnSmallStack(String... args) throws Exception {
        var err = new StringWriter();
        var code = new AtomicInteger(-1);
        var thread = new Thread(null, () -> code.set(MlCompose.run(new PrintWriter(new StringWriter()),
                new PrintWriter(err), new ByteArrayInputStream(new byte[0]), Map.of("HOME", "/home/u"), dir, args)),
                "small-stack", 144 * 1024);
        thread.start();
        thread.join();
        return new Outcome(code.get(), err.toString());
    }

    private void writeDeepFile() throws Exception {
        int levels = 240; // within the 250 levels the reader allows
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: busybox\nx-deep: "
                + "[".repeat(levels) + "1" + "]".repeat(levels) + "\n");
    }

    @Test
    void a_loader_out_of_stack_is_one_line_and_exit_3() throws Exception {
        writeDeepFile();
        Outcome outcome = runOnSmallStack("config");
        assertThat(outcome.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(outcome.err()).isEqualTo("error: loading the Compose files ran out of stack (StackOverflowError):"
                + " they nest or expand further than mlcompose can follow (limits: docs/loading.md)\n");
    }

    @Test
    void debug_shows_the_trace_of_the_overflow() throws Exception {
        writeDeepFile();
        Outcome outcome = runOnSmallStack("--debug", "config");
        assertThat(outcome.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(outcome.err()).contains("StackOverflowError", "\tat ");
    }

    @Test
    void out_of_memory_elsewhere_is_one_line_and_exit_1() {
        var err = new StringWriter();
        int code = ErrorReporter.exhausted(new OutOfMemoryError("Java heap space"), new PrintWriter(err, true), false);
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).isEqualTo("error: mlcompose ran out of memory (OutOfMemoryError); run with --debug"
                + " for the stack trace\n");
    }
}
