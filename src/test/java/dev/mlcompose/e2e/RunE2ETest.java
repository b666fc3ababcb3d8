package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code run}: a one-off container after the same dependency waits as {@code up}; on a terminal (one made by
 * util-linux {@code script}) it runs on a pseudo-terminal that takes the keys typed, as in compose.
 */
class RunE2ETest extends EngineScenario {

    @Test
    void run_waits_for_dependencies_returns_the_exit_code_and_removes_with_rm() throws Exception {
        var run = mlcompose("dag", "run", "--rm", "-e", "WHO=one-off", "migrate", "sh", "-c", "echo hello $WHO; exit 4");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
        assertThat(run.out()).contains("hello one-off");
        assertThat(Docker.healthyAt(container("db"))).as("db healthy before the one-off started").isNotNull();
        assertThat(Docker.containers(project)).as("the one-off is removed").noneMatch(c -> c.contains("-migrate-run-"));
    }

    @Test
    void entrypoint_replaces_the_images_and_the_command_follows_it() throws Exception {
        var run = mlcompose("dag", "run", "--rm", "--no-deps", "--entrypoint", "sh -c 'echo \"entry: $0 $1\"'",
                "cache", "first", "second");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("entry: first second");
    }

    @Test
    void on_a_terminal_run_gets_a_tty_that_follows_its_size_takes_typed_keys_and_leaves_the_terminal_as_it_was()
            throws Exception {
        Path before = scratch.resolve("before");
        Path after = scratch.resolve("after");
        Path resize = scratch.resolve("resize");
        // a window resized during the run: the terminal narrows once the test says so
        String narrowing = "(while [ ! -f " + resize + " ]; do sleep 0.1; done; stty cols 90 < /dev/tty) & ";
        var terminal = TerminalSession.start(SCENARIOS.resolve("exec"), scratch.resolve("screen.txt"),
                "stty rows 30 cols 100; stty -g > " + before + "; " + narrowing + mlcomposeLine() + " run --rm shell sh;"
                        + " echo rc=$?; stty -g > " + after);

        terminal.awaitShown("/ # ")
                // the engine sizes the TTY once the container runs: wait for it, as in ExecE2ETest
                .type(sizeIs("30 100")).type("tty; stty size; echo typed-$((6*7))\r").awaitShown("typed-42\r\n");
        Files.createFile(resize);
        terminal.type(sizeIs("30 90")).type("stty size; exit 5\r");
        String screen = terminal.finish();

        assertThat(screen).containsPattern("/dev/pts/\\d+\r\n").contains("30 100\r\n", "30 90\r\n", "rc=5");
        assertThat(screen.split("echo typed-", -1)).as("the keys were echoed once, by the container's TTY: the local"
                + " terminal was raw").hasSize(2);
        assertThat(Files.readString(after)).as("terminal settings restored").isEqualTo(Files.readString(before));
        assertThat(Docker.containers(project)).as("--rm removed it").noneMatch(c -> c.contains("-shell-run-"));
    }

    @Test
    void on_a_terminal_without_interactive_the_terminal_keeps_its_mode_so_ctrl_c_stops_mlcompose() throws Exception {
        var terminal = TerminalSession.start(SCENARIOS.resolve("exec"), scratch.resolve("screen.txt"),
                // the terminal's Ctrl-C reaches this shell too: a trap (not an ignore, which mlcompose would inherit)
                // keeps it alive to print the exit code
                "trap true INT; " + mlcomposeLine() + " run --rm -i=false shell sh -c 'echo started; sleep 60';"
                        + " echo rc=$?");

        terminal.awaitShown("started").type("\u0003");

        assertThat(terminal.finish()).as("interrupted (the command would have exited 0)").contains("rc=130");
    }

    @Test
    void on_a_terminal_with_no_tty_the_output_comes_as_lines() throws Exception {
        String screen = TerminalSession.start(SCENARIOS.resolve("exec"), scratch.resolve("screen.txt"),
                mlcomposeLine() + " run --rm -T shell sh -c 'echo plain; tty'; echo rc=$?").finish();

        assertThat(screen).contains("not a tty", "plain", "rc=1");
    }

    /** Keys for the container's shell: wait (up to 5 s) until its TTY has {@code size}. */
    private static String sizeIs(String size) {
        return "i=0; while [ \"$(stty size)\" != '" + size + "' ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done\r";
    }

    private String mlcomposeLine() {
        return "java -jar " + Cli.JAR + " -f compose.yaml -p " + project + " --progress plain";
    }
}
