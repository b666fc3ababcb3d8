package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code scale} sets a service's number of containers as compose's does: new ones numbered on, the last ones removed. */
class ScaleE2ETest extends EngineScenario {

    @Test
    void scale_adds_containers_numbered_on_and_removes_the_highest_numbers_first() throws Exception {
        assertThat(mlcompose("cp", "up", "-d", "--wait").exitCode()).isZero();

        var up = mlcompose("cp", "scale", "box=3");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(mlcompose("cp", "ps", "--format", "{{.Name}} {{.State}}").out().lines()).containsExactly(
                container("box") + " running", project + "-box-2 running", project + "-box-3 running");

        var down = mlcompose("cp", "scale", "box=1");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(mlcompose("cp", "ps", "-a", "--format", "{{.Name}}").out().lines()).containsExactly(container("box"));

        var unknown = mlcompose("cp", "scale", "nope=2");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: no such service: nope");
    }
}
