package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --quiet-pull} of {@code up}, {@code create} and {@code run}, {@code run --build}, and {@code pull}'s flags. */
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

    @Test
    void pull_tries_every_image_and_names_each_failure_with_what_to_do() throws Exception {
        var pull = mlcompose("pull-flags", "pull", "--policy", "missing");

        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.err()).contains("error: service gone: cannot pull image 127.0.0.1:5999/mlcompose-test/gone:1")
                .contains("error: service dep: cannot pull image 127.0.0.1:5999/mlcompose-test/dep:1")
                .contains("error: service built: cannot pull image 127.0.0.1:5999/mlcompose-test/built:1")
                .contains("; it can be built: mlcompose build built").contains("3 problems found.")
                .contains("Skipped  image is already present locally").doesNotContain("\tat ");
        assertThat(pull.err().lines().filter(l -> l.contains("Skipped"))).as("local and top share one image").hasSize(1);
    }

    @Test
    void pull_flags_choose_what_is_pulled_and_whether_a_failure_fails() throws Exception {
        var ignored = mlcompose("pull-flags", "pull", "--policy", "missing", "--ignore-pull-failures");
        var buildable = mlcompose("pull-flags", "pull", "--policy", "missing", "--ignore-buildable", "built");
        var top = mlcompose("pull-flags", "pull", "--policy", "missing", "top");
        var withDeps = mlcompose("pull-flags", "pull", "--policy", "missing", "--include-deps", "top");
        var quiet = mlcompose("pull-flags", "pull", "-q", "gone");
        var never = mlcompose("pull-flags", "pull", "--policy", "never");

        assertThat(ignored.exitCode()).as(ignored.err()).isZero();
        assertThat(ignored.err()).contains("service gone: cannot pull image");
        assertThat(buildable.exitCode()).as(buildable.err()).isZero();
        assertThat(buildable.err()).contains("Skipped  image can be built");
        assertThat(top.exitCode()).as("its dependency is not pulled: " + top.err()).isZero();
        assertThat(withDeps.exitCode()).isEqualTo(1);
        assertThat(withDeps.err()).contains("service dep: cannot pull image");
        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.err()).doesNotContain("Pulling").contains("service gone: cannot pull image");
        assertThat(never.exitCode()).isEqualTo(2);
        assertThat(never.err()).contains("--policy must be missing or always, not never");
    }

    private Cli.Result run(String... flags) throws Exception {
        var args = new ArrayList<>(List.of("-p", project, "--progress", "plain", "run", "--rm", "-T"));
        args.addAll(List.of(flags));
        args.add("job");
        return Cli.run(scratch, Map.of("HOME", System.getProperty("user.home")), args.toArray(String[]::new));
    }
}
