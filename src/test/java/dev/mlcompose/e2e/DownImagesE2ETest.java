package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code down --rmi}: which images go, which stay, and an image still in use. */
class DownImagesE2ETest extends EngineScenario {

    private String built;
    private String tagged;

    @BeforeEach
    void names() {
        built = project + "-built";
        tagged = project + "-tagged:1";
    }

    @AfterEach
    void removeImages() {
        Docker.runQuietly("rm", "-f", project + "-squatter");
        Docker.runQuietly("rmi", built);
        Docker.runQuietly("rmi", tagged);
    }

    @Test
    void rmi_local_keeps_named_images_and_images_in_use_and_all_removes_the_rest_even_without_the_file()
            throws Exception {
        Docker.run("tag", "mlcompose-test/busybox:1", tagged);
        Map<String, String> env = Map.of("RMI_IMAGE", tagged);
        var up = mlcompose("rmi", env, "up", "-d");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(Docker.imageExists(built)).as("built by up").isTrue();

        // a container of another project still runs the built image: compose keeps it and says so
        Docker.run("run", "-d", "--name", project + "-squatter", "--label", "com.docker.compose.project=other-"
                + project, built, "sleep", "60");
        var local = mlcompose("rmi", env, "down", "--rmi", "local");
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(local.err()).contains("image " + built + " is still in use, not removed");
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.imageExists(built)).isTrue();
        assertThat(Docker.imageExists(tagged)).as("named in the file: not local").isTrue();

        Docker.run("rm", "-f", project + "-squatter");
        assertThat(mlcompose("rmi", env, "up", "-d").exitCode()).isZero();
        var all = Cli.run(scratch, Map.of("HOME", System.getProperty("user.home")),
                "-p", project, "--progress", "plain", "down", "--rmi", "all");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.err()).contains("Image " + built + " Removed", "Image " + tagged + " Removed");
        assertThat(Docker.imageExists(built)).isFalse();
        assertThat(Docker.imageExists(tagged)).isFalse();
        assertThat(Docker.imageExists("mlcompose-test/busybox:1")).as("only the tag went").isTrue();
    }

    @Test
    void an_unknown_rmi_type_is_a_usage_error() throws Exception {
        var down = mlcompose("rmi", Map.of("RMI_IMAGE", "unused"), "down", "--rmi", "some");

        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.err()).contains("--rmi must be local or all, not 'some'");
    }
}
