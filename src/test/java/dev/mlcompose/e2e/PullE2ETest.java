package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code up --pull}: each policy either starts from the local image or says which service's image it could not get. */
class PullE2ETest extends EngineScenario {

    @Test
    void never_with_a_missing_image_names_the_service_and_the_policy() throws Exception {
        var up = mlcompose("missing-image", "up", "-d", "--pull", "never");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service model: image mlcompose-test/does-not-exist:1 is missing and the pull"
                + " policy is never").doesNotContain("\tat ");
        assertThat(Docker.containers(project)).isEmpty();
    }

    @Test
    void missing_and_never_start_from_a_local_image() throws Exception {
        var up = mlcompose("pull", "up", "-d", "--wait", "--pull", "missing");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.err()).doesNotContain("Pulling");

        var again = mlcompose("pull", "up", "-d", "--wait", "--pull", "never");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Docker.inspect(container("app")).path("State").path("Running").asBoolean()).isTrue();
    }

    @Test
    void always_without_a_registry_fails_naming_the_service_and_the_local_copy() throws Exception {
        var up = mlcompose("pull", "up", "-d", "--pull", "always");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service app: pull policy always: cannot pull image mlcompose-test/busybox:1")
                .contains("; a local copy exists, which --pull missing would use").doesNotContain("\tat ");
        assertThat(Docker.containers(project)).isEmpty();
    }

    @Test
    void an_unknown_policy_is_a_usage_error() throws Exception {
        var up = mlcompose("pull", "up", "-d", "--pull", "sometimes");

        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("--pull must be always, missing, never or build, not sometimes");
    }
}
