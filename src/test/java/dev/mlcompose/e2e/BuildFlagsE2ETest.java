package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code build}'s flags on the engine's builder: {@code --build-arg}, {@code --no-cache}, {@code --pull},
 * {@code -m}, {@code --with-dependencies} and {@code -q}. The images are read back by running them.
 */
class BuildFlagsE2ETest extends EngineScenario {

    /** A base image named as if from a registry on 127.0.0.1 where nothing listens: present, but never pullable. */
    private static final String BASE = "127.0.0.1:5999/mlcompose-test/base:1";

    @BeforeEach
    void files() throws Exception {
        // an image of its own: a second tag of the test image would change what other tests see listed for it
        Files.createDirectories(scratch.resolve("base"));
        Files.writeString(scratch.resolve("base/Dockerfile"), "FROM mlcompose-test/busybox:1\nLABEL test=" + project + "\n");
        Docker.run("build", "-q", "-t", BASE, scratch.resolve("base").toString());
        Files.createDirectories(scratch.resolve("job"));
        Files.createDirectories(scratch.resolve("prepare"));
        Files.writeString(scratch.resolve("job/Dockerfile"), "FROM " + BASE + "\nARG GREETING=default\n"
                + "RUN echo \"$GREETING\" > /greeting && cat /proc/sys/kernel/random/uuid > /build-id\n");
        Files.writeString(scratch.resolve("prepare/Dockerfile"), "FROM " + BASE + "\nRUN touch /prepared\n");
        Files.writeString(scratch.resolve("compose.yaml"), """
                services:
                  prepare:
                    build: ./prepare
                  job:
                    build: {context: ./job, args: {GREETING: from-the-file}}
                    depends_on: [prepare]
                """);
    }

    @AfterEach
    void removeImages() {
        Docker.runQuietly("rmi", "-f", project + "-job", project + "-prepare", BASE);
    }

    @Test
    void buildkit_only_flags_are_refused_with_the_reason_before_anything_is_built() throws Exception {
        var builder = build(Map.of(), "--builder", "remote-gpu", "job");
        var ssh = build(Map.of(), "--ssh", "default", "job");

        assertThat(builder.exitCode()).isEqualTo(2);
        assertThat(builder.err()).contains("--builder remote-gpu: mlcompose builds with the engine's classic builder");
        assertThat(ssh.exitCode()).isEqualTo(2);
        assertThat(ssh.err()).contains("--ssh needs BuildKit");
        assertThat(Docker.imageExists(project + "-job")).isFalse();
    }

    @Test
    void build_args_override_the_files_and_a_bare_key_takes_its_value_from_the_environment() throws Exception {
        assertThat(build(Map.of(), "job").exitCode()).isZero();
        assertThat(inImage("job", "/greeting")).isEqualTo("from-the-file");

        assertThat(build(Map.of(), "--build-arg", "GREETING=hello", "job").exitCode()).isZero();
        assertThat(inImage("job", "/greeting")).isEqualTo("hello");

        assertThat(build(Map.of("GREETING", "from-env"), "--build-arg", "GREETING", "job").exitCode()).isZero();
        assertThat(inImage("job", "/greeting")).isEqualTo("from-env");
    }

    @Test
    void no_cache_builds_every_layer_again_and_the_cache_is_used_without_it() throws Exception {
        assertThat(build(Map.of(), "job").exitCode()).isZero();
        String first = inImage("job", "/build-id");
        assertThat(build(Map.of(), "job").exitCode()).isZero();
        assertThat(inImage("job", "/build-id")).as("cached").isEqualTo(first);

        var again = build(Map.of(), "--no-cache", "-m", "256m", "job");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(inImage("job", "/build-id")).isNotEqualTo(first);
    }

    @Test
    void pull_pulls_the_base_image_even_when_it_is_present() throws Exception {
        assertThat(build(Map.of(), "job").exitCode()).isZero();

        var pull = build(Map.of(), "--pull", "job");

        assertThat(pull.exitCode()).isEqualTo(1);
        assertThat(pull.err()).contains("service job").contains("127.0.0.1:5999").doesNotContain("\tat ");
    }

    @Test
    void with_dependencies_builds_the_dependencies_images_too_and_quiet_prints_nothing() throws Exception {
        var alone = build(Map.of(), "-q", "job");
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        assertThat(alone.out() + alone.err()).isEmpty();
        assertThat(Docker.imageExists(project + "-prepare")).as("not a dependency's").isFalse();

        var both = build(Map.of(), "--with-dependencies", "job");

        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(both.err()).contains("Built");
        assertThat(Docker.imageExists(project + "-prepare")).isTrue();
    }

    @Test
    void a_memory_that_is_not_a_size_is_a_usage_error() throws Exception {
        var build = build(Map.of(), "-m", "lots", "job");

        assertThat(build.exitCode()).isEqualTo(2);
        assertThat(build.err()).contains("--memory: invalid size \"lots\"");
    }

    private Cli.Result build(Map<String, String> env, String... flags) throws Exception {
        var args = new ArrayList<>(List.of("-p", project, "--progress", "plain", "build"));
        args.addAll(List.of(flags));
        var environment = new HashMap<>(env);
        environment.put("HOME", System.getProperty("user.home"));
        return Cli.run(scratch, environment, args.toArray(String[]::new));
    }

    private String inImage(String service, String file) {
        return Docker.run("run", "--rm", project + "-" + service, "cat", file).strip();
    }
}
