package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.Terminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** When {@code exec} allocates a pseudo-terminal and attaches stdin: compose's rules, -t for no terminal. */
class ExecCommandTest {

    private static ExecCommand parse(String... args) {
        var exec = new ExecCommand();
        new CommandLine(exec).setStopAtPositional(true).parseArgs(args);
        return exec;
    }

    @Test
    void a_tty_by_default_only_when_stdin_is_a_terminal() {
        assertThat(parse("app", "sh").allocatesTty(true)).isTrue();
        assertThat(parse("app", "sh").allocatesTty(false)).isFalse();
    }

    @Test
    void no_tty_disables_it_and_tty_asks_for_one_without_a_terminal() {
        assertThat(parse("-T", "app", "sh").allocatesTty(true)).isFalse();
        assertThat(parse("--no-TTY", "app", "sh").allocatesTty(true)).isFalse();
        assertThat(parse("-t", "app", "tty").allocatesTty(false)).isTrue();
        assertThat(parse("-T", "-t", "app", "tty").allocatesTty(true)).as("-T wins").isFalse();
    }

    @Test
    void stdin_is_attached_unless_interactive_is_false_also_with_no_tty() {
        var stdin = new ByteArrayInputStream(new byte[0]);
        assertThat(parse("app", "cat").request(stdin, Optional.empty()).stdin()).containsSame(stdin);
        assertThat(parse("-T", "app", "cat").request(stdin, Optional.empty()).stdin()).containsSame(stdin);
        assertThat(parse("-i", "app", "cat").request(stdin, Optional.empty()).stdin()).containsSame(stdin);
        assertThat(parse("-i=false", "app", "cat").request(stdin, Optional.empty()).stdin()).isEmpty();
        assertThat(parse("--interactive=false", "app", "cat").request(stdin, Optional.empty()).stdin()).isEmpty();
    }

    @Test
    void the_command_and_its_options_go_into_the_request() {
        var screen = new Terminal(new ByteArrayOutputStream(), 24, 80);
        var request = parse("-e", "A=1", "-u", "app", "-w", "/tmp", "svc", "sh", "-c", "echo -T").request(
                new ByteArrayInputStream(new byte[0]), Optional.of(screen));

        assertThat(request.command()).containsExactly("sh", "-c", "echo -T");
        assertThat(request.environment()).containsEntry("A", "1");
        assertThat(request.user()).contains("app");
        assertThat(request.workingDir()).contains("/tmp");
        assertThat(request.terminal()).containsSame(screen);
    }

    @Test
    void terminal_output_keeps_a_character_split_across_writes() {
        var text = new StringWriter();
        var out = new TerminalOutput(new PrintWriter(text));
        byte[] bytes = "é\r\n".getBytes(StandardCharsets.UTF_8);

        out.write(bytes, 0, 1);
        assertThat(text.toString()).isEmpty();
        out.write(bytes, 1, bytes.length - 1);

        assertThat(text.toString()).isEqualTo("é\r\n");
    }
}
