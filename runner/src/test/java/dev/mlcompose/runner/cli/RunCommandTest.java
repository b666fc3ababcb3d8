package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** When {@code run} gives its container a pseudo-terminal and the terminal's keys: compose's rules. */
class RunCommandTest {

    private static RunCommand parse(String... args) {
        var run = new RunCommand();
        new CommandLine(run).setStopAtPositional(true).parseArgs(args);
        return run;
    }

    @Test
    void a_tty_only_on_a_terminal_and_never_with_no_tty() {
        assertThat(parse("app", "sh").allocatesTty(true)).isTrue();
        assertThat(parse("app", "sh").allocatesTty(false)).isFalse();
        assertThat(parse("-T", "app", "sh").allocatesTty(true)).isFalse();
        assertThat(parse("--no-TTY", "app", "sh").allocatesTty(true)).isFalse();
    }

    @Test
    void the_request_carries_the_tty_and_whether_keys_go_in() {
        assertThat(parse("app", "sh").request(true)).satisfies(r -> {
            assertThat(r.tty()).isTrue();
            assertThat(r.interactive()).isTrue();
        });
        assertThat(parse("-i=false", "app", "sh").request(true).interactive()).isFalse();
        assertThat(parse("--rm", "--no-deps", "-e", "A=1", "app", "sh", "-c", "echo -T").request(false))
                .satisfies(r -> {
                    assertThat(r.tty()).isFalse();
                    assertThat(r.remove()).isTrue();
                    assertThat(r.noDeps()).isTrue();
                    assertThat(r.environment()).containsEntry("A", "1");
                    assertThat(r.command()).contains(java.util.List.of("sh", "-c", "echo -T"));
                });
    }
}
