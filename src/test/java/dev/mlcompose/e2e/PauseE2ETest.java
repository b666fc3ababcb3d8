package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code pause} freezes the services' containers and {@code unpause} thaws them, as compose's do. */
class PauseE2ETest extends EngineScenario {

    @Test
    void pause_freezes_the_containers_and_unpause_lets_them_go_on_where_they_were() throws Exception {
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();
        assertThat(mlcompose("exec", "exec", "-T", "shell", "sh", "-c", "echo kept > /tmp/state").exitCode()).isZero();

        var pause = mlcompose("exec", "pause");
        assertThat(pause.exitCode()).as(pause.err()).isZero();
        assertThat(pause.err()).contains(container("shell")).contains("Paused");
        assertThat(Docker.inspect(container("shell")).path("State").path("Status").asText()).isEqualTo("paused");
        assertThat(mlcompose("exec", "ps", "--format", "{{.State}}").out()).isEqualTo("paused\n");
        var again = mlcompose("exec", "pause");
        assertThat(again.exitCode()).as("as compose: the engine refuses to pause twice").isEqualTo(1);
        assertThat(again.err()).contains("already paused");

        var unpause = mlcompose("exec", "unpause");
        assertThat(unpause.exitCode()).as(unpause.err()).isZero();
        assertThat(Docker.inspect(container("shell")).path("State").path("Status").asText()).isEqualTo("running");
        assertThat(mlcompose("exec", "exec", "-T", "shell", "cat", "/tmp/state").out()).isEqualTo("kept\n");
    }
}
