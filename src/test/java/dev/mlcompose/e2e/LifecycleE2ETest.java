package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a container gets around its start and stop, as docker compose gives it: secrets and configs from the
 * environment and inline content, post_start and pre_stop hooks, pre_start steps, use_api_socket.
 */
class LifecycleE2ETest extends EngineScenario {

    private static final Path COMPOSE = Cli.ROOT.resolve(".tools/compose-v2/docker-compose");
    private static final Map<String, String> SECRETS = Map.of("API_TOKEN", "tok-123", "DB_PASSWORD", "s3cret");
    private static final String LIST_FILES = "for f in /run/secrets/api_token /etc/db/password /settings; do"
            + " stat -c '%n %a %u:%g' $f; cat $f; echo; done";

    @Test
    void secrets_from_the_environment_and_content_configs_are_readable_with_their_mode_as_with_compose()
            throws Exception {
        var up = mlcompose("lifecycle-files", SECRETS, "up", "-d");

        assertThat(up.exitCode()).as(up.err()).isZero();
        String ours = Docker.run("exec", container("app"), "sh", "-c", LIST_FILES);
        assertThat(ours).contains("/run/secrets/api_token 444 0:0\ntok-123")
                .contains("/etc/db/password 400 1000:1001\ns3cret")
                .contains("/settings 444 0:0\nlearning_rate = 0.001\nhome = $HOME");
        if (Files.isExecutable(COMPOSE)) {
            String other = project + "-compose";
            try {
                compose("lifecycle-files", other, SECRETS, "up", "-d");
                assertThat(Docker.run("exec", other + "-app-1", "sh", "-c", LIST_FILES)).as("docker compose v2's")
                        .isEqualTo(ours);
            } finally {
                Docker.purge(other);
            }
        }
    }

    @Test
    void a_missing_variable_fails_up_in_one_line_before_anything_is_created() throws Exception {
        var up = mlcompose("lifecycle-files", Map.of("DB_PASSWORD", "s3cret"), "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("error: service app: secret api_token is read from the environment variable"
                + " API_TOKEN, which is not set").doesNotContain("\tat ");
        assertThat(Docker.containers(project)).isEmpty();
    }

    @Test
    void a_post_start_hook_runs_in_the_container_and_a_pre_stop_hook_runs_on_down() throws Exception {
        var up = mlcompose("lifecycle-hooks", "up", "-d");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(Docker.run("exec", container("db"), "cat", "/tmp/ready"))
                .as("the hook's user, working directory and environment").isEqualTo("warmed up as 1000 in /tmp for e2e\n");

        var down = mlcompose("lifecycle-hooks", "down", "-t", "1");

        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.run("run", "--rm", "-v", project + "_backup:/backup", "mlcompose-test/busybox:1", "cat",
                "/backup/flush.log")).isEqualTo("flushed while running\n");
    }

    @Test
    void a_failing_post_start_hook_fails_up_with_its_status_and_output() throws Exception {
        var up = mlcompose("lifecycle-hooks", Map.of("API_HOOK", "cat /no/such/file"), "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("error: service api: post_start hook exited with status 1: cat: can't open"
                + " '/no/such/file': No such file or directory");
    }

    @Test
    void a_pre_start_step_prepares_the_volume_before_the_service_starts_and_leaves_nothing_behind() throws Exception {
        var up = mlcompose("lifecycle-pre-start", "up", "-d");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(Docker.containers(project)).containsExactly(container("model"), container("ui"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Docker.run("logs", container("model"))).isEqualTo("weights v1\n"));
    }

    @Test
    void a_failing_pre_start_step_fails_up_with_its_exit_code_and_is_kept_until_the_next_up() throws Exception {
        var up = mlcompose("lifecycle-pre-start", Map.of("VERIFY_EXIT", "17"), "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        String step = project + "-model-pre_start-1";
        assertThat(up.err()).contains("error: service model: pre_start[1] exited with code 17: checksum mismatch")
                .contains("its container " + step + " is kept for inspection");
        assertThat(Docker.containers(project)).as("ui never created, model created but not started")
                .containsExactlyInAnyOrder(container("model"), step);
        assertThat(Docker.inspect(container("model")).path("State").path("Status").asText()).isEqualTo("created");

        var again = mlcompose("lifecycle-pre-start", "up", "-d");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Docker.containers(project)).containsExactly(container("model"), container("ui"));
    }

    @Test
    void use_api_socket_gives_the_container_the_engine_socket_and_the_users_registry_credentials() throws Exception {
        Path home = scratch.resolve("home");
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"),
                "{\"auths\": {\"registry.example:5000\": {\"username\": \"ml\", \"password\": \"s3cret\"}}}");
        var up = mlcompose("api-socket", Map.of("HOME", home.toString()), "up", "-d");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(Docker.run("exec", container("ci"), "sh", "-c",
                "test -S /var/run/docker.sock && echo socket; echo $DOCKER_CONFIG; cat $DOCKER_CONFIG/config.json"))
                .isEqualTo("socket\n/run/secrets/docker\n{\n\t\"auths\": {\n\t\t\"registry.example:5000\": {\n"
                        + "\t\t\t\"auth\": \"bWw6czNjcmV0\"\n\t\t}\n\t}\n}");
    }

    private static void compose(String scenario, String name, Map<String, String> env, String... args)
            throws Exception {
        var command = new ArrayList<>(List.of(COMPOSE.toString(), "-f", "compose.yaml", "-p", name));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(SCENARIOS.resolve(scenario).toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker compose %s: %s", String.join(" ", args), out).isZero();
    }
}
