package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** mlcompose and docker compose v2 manage each other's projects: same names, same labels. */
class InteropE2ETest extends EngineScenario {

    @Test
    void docker_compose_sees_and_removes_what_mlcompose_started() throws Exception {
        requireCompose();
        assertThat(mlcompose("interop", "up", "-d", "--wait").exitCode()).isZero();
        var ours = ids();

        assertThat(compose("ps", "--services")).contains("web").contains("worker");
        compose("up", "-d");
        assertThat(ids()).as("compose keeps mlcompose's containers: same config hash").isEqualTo(ours);
        compose("down", "-t", "1");

        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();
    }

    @Test
    void mlcompose_sees_and_removes_what_docker_compose_started() throws Exception {
        requireCompose();
        compose("up", "-d");
        var containersByCompose = ids();

        var ps = mlcompose("interop", "ps", "--services");
        assertThat(ps.out().lines().toList()).containsExactlyInAnyOrder("web", "worker");
        var up = mlcompose("interop", "up", "-d");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(ids()).as("mlcompose keeps compose's containers: same config hash, same image")
                .isEqualTo(containersByCompose);
        assertThat(mlcompose("interop", "down", "-t", "1").exitCode()).isZero();

        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();
    }

    /** The project's container IDs, by name. */
    private java.util.Map<String, String> ids() {
        var out = new java.util.TreeMap<String, String>();
        Docker.containers(project).forEach(name -> out.put(name, Docker.id(name)));
        return out;
    }

    private String compose(String... args) throws Exception {
        return ComposeV2.run(SCENARIOS.resolve("interop"), project, args);
    }

    private static void requireCompose() {
        ComposeV2.require("InteropE2ETest");
    }
}
