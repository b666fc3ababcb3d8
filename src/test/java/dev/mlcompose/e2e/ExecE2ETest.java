package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code exec} gets a pseudo-terminal as in compose: when mlcompose runs on a terminal (here one made by
 * util-linux {@code script}) unless {@code -T}, or with {@code -t}; the local terminal is left as it was.
 */
class ExecE2ETest extends EngineScenario {

    /** Waits until the engine has sized the TTY (it can only do so once the command runs), then prints it. */
    private static final String TTY_AND_SIZE = "i=0; while [ \"$(stty size 2>/dev/null)\" != '30 100' ] && [ $i -lt 50 ];"
            + " do sleep 0.1; i=$((i+1)); done; tty; stty size; sleep 2; exit 4";

    /** Notes, while mlcompose runs, whether the local terminal is raw (no line editing, no echo, no signals). */
    private static final String WATCH_RAW = "(for i in $(seq 100); do stty -a < /dev/tty | grep -q -- '-icanon'"
            + " && stty -a < /dev/tty | grep -q -- '-echo ' && stty -a < /dev/tty | grep -q -- '-isig'"
            + " && { echo raw > %s; break; }; sleep 0.1; done) & ";

    @Test
    void on_a_terminal_exec_gets_a_tty_of_its_size_and_leaves_the_terminal_as_it_was() throws Exception {
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();
        Path dir = scratch;

        String out = inTerminal("stty rows 30 cols 100; stty -g > " + dir.resolve("before") + "; "
                + WATCH_RAW.formatted(dir.resolve("raw")) + mlcomposeLine() + " exec shell sh -c \"" + TTY_AND_SIZE.replace("\"", "\\\"").replace("$", "\\$")
                + "\"; echo rc=$?; wait; stty -g > " + dir.resolve("after"));

        assertThat(out).containsPattern("/dev/pts/\\d+\r\n").contains("30 100", "rc=4");
        assertThat(dir.resolve("raw")).as("the terminal was raw during exec").exists();
        assertThat(Files.readString(dir.resolve("after"))).as("terminal settings restored")
                .isEqualTo(Files.readString(dir.resolve("before")));

        String noTty = inTerminal(mlcomposeLine() + " exec -T shell tty; echo rc=$?");
        assertThat(noTty).contains("not a tty", "rc=1");
    }

    @Test
    void without_a_terminal_there_is_no_tty_unless_asked_for_with_t() throws Exception {
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();

        var plain = mlcompose("exec", "exec", "shell", "tty");
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.out()).contains("not a tty");

        var tty = mlcompose("exec", "exec", "-t", "shell", "tty");
        assertThat(tty.exitCode()).as(tty.err()).isZero();
        assertThat(tty.out()).containsPattern("/dev/pts/\\d+\r\n");
    }

    private String mlcomposeLine() {
        return "java -jar " + Cli.JAR + " -f compose.yaml -p " + project;
    }

    /** Runs a shell command line on a new pseudo-terminal; returns what the terminal showed. */
    private String inTerminal(String commandLine) throws Exception {
        return TerminalSession.start(SCENARIOS.resolve("exec"), scratch.resolve("screen-" + System.nanoTime() + ".txt"),
                commandLine).finish();
    }
}
