package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An attached {@code up} follows only the attached services, and ends when they exit. */
class AttachE2ETest extends EngineScenario {

    @Test
    void attach_shows_only_that_service_and_ends_when_it_exits() throws Exception {
        var up = mlcompose("attach", "up", "--attach", "job");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("job-says-hi").doesNotContain("server-says-hi");
        assertThat(Docker.inspect(container("server")).path("State").path("Running").asBoolean())
                .as("the unattached server goes on").isTrue();
    }

    @Test
    void no_attach_and_named_services_leave_the_others_out() throws Exception {
        var noAttach = mlcompose("attach", "up", "--no-attach", "server");
        assertThat(noAttach.exitCode()).as(noAttach.err()).isZero();
        assertThat(noAttach.out()).contains("job-says-hi").doesNotContain("server-says-hi");

        var named = mlcompose("attach", "up", "job");
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(named.out()).as("a named service's dependencies are not attached").contains("job-says-hi")
                .doesNotContain("server-says-hi");
    }

    @Test
    void attaching_to_a_service_outside_up_is_refused_before_anything_starts() throws Exception {
        var up = mlcompose("attach", "up", "--no-deps", "job", "--attach", "server");

        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("cannot attach to services not included in up: server");
        assertThat(Docker.containers(project)).isEmpty();
    }
}
