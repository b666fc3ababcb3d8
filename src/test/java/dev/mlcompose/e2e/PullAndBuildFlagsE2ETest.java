package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --quiet-pull} of {@code up}, {@code create} and {@code run}, and {@code run --build}. */
class PullAndBuildFlagsE2ETest extends EngineScenario {

    @AfterEach
    void removeImage() {
        Docker.runQuietly("rmi", "-f", project + "-job");
    }

    @Test
    void quiet_pull_hides_the_pull_progress_but_not_its_failure() throws Exception {
        var loud = mlcompose("pull", "up", "-d", "--pull", "always");
        var quiet = mlcompose("pull", "up", "-d", "--pull", "always", "--quiet-pull");
        var create = mlcompose("pull", "create", "--pull", "always", "--quiet-pull");
        var run = mlcompose("missing-image", "run", "--rm", "-T", "--quiet-pull", "model");

        assertThat(loud.err()).contains("Pulling");
        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.err()).doesNotContain("Pulling").doesNotContain("Pulled")
                .contains("service app: pull policy always: cannot pull image mlcompose-test/busybox:1");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.err()).doesNotContain("Pulling").contains("cannot pull image mlcompose-test/busybox:1");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).doesNotContain("Pulling").contains("mlcompose-test/does-not-exist:1");
    }

    @Test
    void run_build_rebuilds_the_image_of_the_one_off() throws Exception {
        Files.writeString(scratch.resolve("Dockerfile"), "FROM mlcompose-test/busybox:1\nCOPY stamp.txt /stamp.txt\n");
        Files.writeString(scratch.resolve("compose.yaml"), "services:\n  job:\n    build: .\n    command: cat /stamp.txt\n");
        Files.writeString(scratch.resolve("stamp.txt"), "one\n");
        assertThat(run().out()).isEqualTo("one\n");

        Files.writeString(scratch.resolve("stamp.txt"), "two\n");
        assertThat(run().out()).as("the image exists: not built again").isEqualTo("one\n");
        var rebuilt = run("--build");

        assertThat(rebuilt.exitCode()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).isEqualTo("two\n");
    }

    private Cli.Result run(String... flags) throws Exception {
        var args = new java.util.ArrayList<>(java.util.List.of("-p", project, "--progress", "plain", "run", "--rm", "-T"));
        args.addAll(java.util.List.of(flags));
        args.add("job");
        return Cli.run(scratch, Map.of("HOME", System.getProperty("user.home")), args.toArray(String[]::new));
    }
}
