package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code run}: a one-off container after the same dependency waits as {@code up}. */
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
}
