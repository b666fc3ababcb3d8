package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The COMPOSE_* variables CI scripts set for compose mean the same to mlcompose. */
class ComposeVariablesE2ETest extends EngineScenario {

    @Test
    void compose_status_stdout_puts_the_progress_on_stdout_as_compose_does() throws Exception {
        var up = mlcompose("exec", Map.of("COMPOSE_STATUS_STDOUT", "1"), "up", "-d");

        assertThat(up.exitCode()).isZero();
        assertThat(up.out()).contains(container("shell")).contains("Started");
        assertThat(up.err()).isEmpty();
    }

    @Test
    void compose_progress_and_compose_ansi_choose_what_the_flags_choose() throws Exception {
        var quiet = Cli.run(SCENARIOS.resolve("exec"), Map.of("HOME", System.getProperty("user.home"),
                "COMPOSE_PROGRESS", "quiet"), "-p", project, "up", "-d");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.out() + quiet.err()).as("no progress at all").isEmpty();

        var colored = Cli.run(SCENARIOS.resolve("exec"), Map.of("HOME", System.getProperty("user.home"),
                "COMPOSE_ANSI", "always"), "-p", project, "--progress", "plain", "stop");
        assertThat(colored.err()).contains("\u001b[");
        var flagWins = Cli.run(SCENARIOS.resolve("exec"), Map.of("HOME", System.getProperty("user.home"),
                "COMPOSE_ANSI", "always"), "-p", project, "--ansi", "never", "--progress", "plain", "start");
        assertThat(flagWins.err()).contains("Started").doesNotContain("\u001b[");
    }

    @Test
    void compose_remove_orphans_removes_them_on_up() throws Exception {
        var orphan = Cli.run(SCENARIOS.resolve("ps-parity"), Map.of("HOME", System.getProperty("user.home")),
                "-f", "orphan.yaml", "-p", project, "up", "-d");
        assertThat(orphan.exitCode()).as(orphan.err()).isZero();

        var up = mlcompose("ps-parity", Map.of("COMPOSE_REMOVE_ORPHANS", "true"), "up", "-d", "done");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.err()).doesNotContain("Found orphan containers");
        assertThat(Docker.run("ps", "-aq", "--filter", "name=" + container("gone"))).isBlank();
    }
}
