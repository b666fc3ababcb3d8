package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.ContainerSpecs;
import dev.mlcompose.runner.spec.Labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.ContainerFile;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.run.FakeEngine.Behaviour;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens around a service container's start and stop, as compose does it: secrets and configs copied in,
 * pre_start steps, post_start and pre_stop hooks, use_api_socket.
 */
class LifecycleTest {

    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private final List<String> warnings = new ArrayList<>();
    private final ProjectRunner runner = new ProjectRunner(engine, ProgressListener.QUIET, warnings::add);
    private final ProjectLifecycle lifecycle = new ProjectLifecycle(engine, ProgressListener.QUIET, warnings::add);
    private final ProjectInspector inspector = new ProjectInspector(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    private Project project(String yaml, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        Files.writeString(dir.resolve("plain.txt"), "from a file");
        var environment = new HashMap<>(env);
        environment.put("HOME", "/tmp");
        return ComposeLoader.load(LoadRequest.of(dir, environment).withProjectName("demo"));
    }

    private Project project(String yaml) throws IOException {
        return project(yaml, Map.of());
    }

    private static final String FILES = """
            services:
              app:
                image: app
                secrets:
                  - token
                  - {source: key, target: /etc/app/key, mode: 0400, uid: "1000", gid: "1001"}
                  - plain
                configs:
                  - settings
                  - {source: tuned, target: conf/tuned.ini}
            secrets:
              token: {environment: TOKEN}
              key: {environment: KEY}
              plain: {file: ./plain.txt}
            configs:
              settings:
                content: |
                  lr: 0.001
              tuned: {environment: TUNED}
            """;

    @Test
    void secrets_and_configs_from_the_environment_and_content_are_copied_in_between_create_and_start()
            throws IOException {
        runner.up(project(FILES, Map.of("TOKEN", "t0k3n", "KEY", "k3y", "TUNED", "")), UpRequest.defaults());

        assertThat(engine.copiedFiles).as("secrets first; an empty one is left out, as compose leaves it")
                .containsExactly(
                        new ContainerFile("/run/secrets/token", "t0k3n", 0444, Optional.empty(), Optional.empty()),
                        new ContainerFile("/etc/app/key", "k3y", 0400, Optional.of(1000), Optional.of(1001)),
                        new ContainerFile("/settings", "lr: 0.001\n", 0444, Optional.empty(), Optional.empty()));
        assertThat(engine.steps()).containsSubsequence("create demo-app-1", "copy /run/secrets/token into demo-app-1",
                "copy /settings into demo-app-1", "start app");
        assertThat(engine.specs().get(0).storage().mounts()).as("a file secret is mounted, not copied")
                .extracting(Mount::target).containsExactly("/run/secrets/plain");
    }

    @Test
    void a_missing_variable_is_one_line_naming_service_and_variable_before_anything_is_created() throws IOException {
        var project = project(FILES, Map.of("KEY", "k3y", "TUNED", "x"));

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults())).isInstanceOf(ServiceFailure.class)
                .hasMessage("service app: secret token is read from the environment variable TOKEN, which is not set");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create"));
    }

    @Test
    void a_read_only_container_cannot_take_copied_files() throws IOException {
        var project = project(FILES.replace("    image: app\n", "    image: app\n    read_only: true\n"),
                Map.of("TOKEN", "t", "KEY", "k", "TUNED", "x"));

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults())).isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("service app: secret token cannot be copied into a read-only container");
    }

    @Test
    void run_copies_the_files_into_its_one_off_container_too() throws IOException {
        var project = project(FILES, Map.of("TOKEN", "t0k3n", "KEY", "k3y", "TUNED", "x"));
        engine.behave("app", Behaviour.exitsWith(0, 10));

        int code = runner.run(project, RunRequest.of("app").withCommand(Optional.of(List.of("cat", "/run/secrets/token")))
                .withRemove(true).withNoDeps(true), (c, l) -> { });

        assertThat(code).isZero();
        var oneOff = engine.copied.keySet().stream().filter(n -> n.startsWith("demo-app-run-")).findFirst();
        assertThat(oneOff).isPresent();
        assertThat(engine.copied.get(oneOff.get())).containsEntry("/run/secrets/token", "t0k3n")
                .containsEntry("/conf/tuned.ini", "x");
    }

    private static final String HOOKS = """
            services:
              db:
                image: db
                post_start:
                  - command: touch /ready
                    user: root
                    privileged: true
                    working_dir: /data
                    environment: {STAGE: warm}
                pre_stop:
                  - command: sh -c 'pg_dump > /backup/db.sql'
              api:
                image: api
                depends_on: [db]
            """;

    @Test
    void post_start_hooks_run_in_the_container_right_after_its_start() throws IOException {
        runner.up(project(HOOKS), UpRequest.defaults());

        assertThat(engine.steps()).containsSubsequence("start db", "exec demo-db-1 touch /ready", "start api");
        assertThat(engine.execs).containsExactly(new ExecRequest(List.of("touch", "/ready"), Map.of("STAGE", "warm"),
                Optional.of("root"), Optional.of("/data"), Optional.empty(), Optional.empty(), true));
    }

    @Test
    void a_failing_post_start_hook_fails_the_service_and_its_dependants_with_its_status_and_output()
            throws IOException {
        engine.execResults.put("touch /ready", Map.entry(127, "touch: /ready: Permission denied"));

        assertThatThrownBy(() -> runner.up(project(HOOKS), UpRequest.defaults())).isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("post_start hook exited with status 127: touch: /ready: Permission denied");
        assertThat(engine.steps()).doesNotContain("start api");
    }

    @Test
    void pre_stop_hooks_run_before_down_stops_the_container() throws IOException {
        var project = project(HOOKS);
        runner.up(project, UpRequest.defaults());

        lifecycle.down("demo", Optional.of(project), false, ImageRemoval.NONE, Duration.ofSeconds(1));

        assertThat(engine.steps()).containsSubsequence("die api", "exec demo-db-1 sh -c pg_dump > /backup/db.sql",
                "die db", "remove demo-db-1");
    }

    @Test
    void a_failing_pre_stop_hook_keeps_its_container_running_and_fails_down_once_the_rest_is_removed()
            throws IOException {
        var project = project(HOOKS + """
                  other: {image: other}
                """);
        runner.up(project, UpRequest.defaults());
        engine.execResults.put("sh -c pg_dump > /backup/db.sql", Map.entry(1, "pg_dump: connection refused"));

        assertThatThrownBy(() -> lifecycle.down("demo", Optional.of(project), false, ImageRemoval.NONE,
                Duration.ofSeconds(1))).isInstanceOf(ServiceFailure.class)
                .hasMessage("pre_stop hook exited with status 1: pg_dump: connection refused");
        assertThat(inspector.containers("demo", true)).extracting(c -> c.name() + " " + c.status())
                .as("as compose: the hook's container keeps running for the user to look at; the rest is gone")
                .containsExactly("demo-db-1 running");
    }

    @Test
    void stop_runs_the_pre_stop_hooks_of_the_services_it_stops() throws IOException {
        var project = project(HOOKS);
        runner.up(project, UpRequest.defaults());

        lifecycle.stop("demo", Optional.of(project), java.util.Set.of("db"), Duration.ofSeconds(1));

        assertThat(engine.steps()).containsSubsequence("exec demo-db-1 sh -c pg_dump > /backup/db.sql", "die db");
    }

    @Test
    void train_copies_files_and_runs_hooks_as_up_does() throws IOException {
        engine.behave("fit", Behaviour.exitsWith(0, 300));
        var project = project("""
                services:
                  fit:
                    image: trainer
                    x-mlcompose: {role: train}
                    configs: [hparams]
                    post_start: [{command: echo started}]
                configs:
                  hparams: {content: "epochs: 3"}
                """);

        var reports = runner.train(project, UpRequest.defaults().withServices(java.util.Set.of("fit")), (n, l) -> { });

        assertThat(reports.get(0).succeeded()).isTrue();
        assertThat(engine.steps()).containsSubsequence("copy /hparams into demo-fit-1", "start fit",
                "exec demo-fit-1 echo started");
    }

    @Test
    void start_runs_the_pre_start_steps_of_a_stopped_service_and_its_hooks_restart_only_the_hooks()
            throws IOException {
        var project = project(STEPS.replace("    image: server\n", "    image: server\n    post_start: [{command: warm}]\n"
                + "    pre_stop: [{command: flush}]\n"));
        runner.up(project, UpRequest.defaults());
        lifecycle.stop("demo", Optional.of(project), java.util.Set.of(), Duration.ofSeconds(1));
        int before = engine.steps().size();

        lifecycle.start("demo", Optional.of(project), java.util.Set.of("model"));
        assertThat(engine.steps().subList(before, engine.steps().size())).containsSubsequence(
                "create demo-model-pre_start-0", "create demo-model-pre_start-1", "start model",
                "exec demo-model-1 warm");

        int started = engine.steps().size();
        lifecycle.restart("demo", Optional.of(project), java.util.Set.of("model"), Duration.ofSeconds(1));
        var restart = engine.steps().subList(started, engine.steps().size());
        assertThat(restart).containsSubsequence("exec demo-model-1 flush", "die model", "start model",
                "exec demo-model-1 warm");
        assertThat(restart).noneMatch(s -> s.contains("pre_start"));
    }

    @Test
    void stop_without_the_compose_file_runs_no_hooks() throws IOException {
        runner.up(project(HOOKS), UpRequest.defaults());

        lifecycle.stop("demo", java.util.Set.of(), Duration.ofSeconds(1));

        assertThat(engine.steps()).noneMatch(s -> s.contains("pg_dump"));
    }

    private static final String STEPS = """
            services:
              model:
                image: server
                environment: {MODEL: tiny}
                volumes: [weights:/weights]
                pre_start:
                  - command: [fetch, --to, /weights]
                    image: fetcher
                    environment: {MIRROR: local}
                  - command: [verify, /weights]
                    privileged: true
                    user: "1000"
              ui:
                image: ui
                depends_on: [model]
            volumes:
              weights: {}
            """;

    @Test
    void pre_start_steps_run_in_order_each_in_a_container_of_its_own_before_the_service_starts() throws IOException {
        runner.up(project(STEPS), UpRequest.defaults());

        assertThat(engine.steps()).containsSubsequence("create demo-model-1", "create demo-model-pre_start-0",
                "start demo-model-pre_start-0", "remove demo-model-pre_start-0", "create demo-model-pre_start-1",
                "start demo-model-pre_start-1", "remove demo-model-pre_start-1", "start model", "start ui");
    }

    @Test
    void a_pre_start_step_container_has_the_services_volumes_networks_and_environment() throws IOException {
        Project project = project(STEPS);
        ContainerSpec service = ContainerSpecs.of(project, project.service("model").orElseThrow(), 1, "");

        ContainerSpec step = PreStartSteps.spec(project, project.service("model").orElseThrow(), service, "c1", 0,
                project.service("model").orElseThrow().lifecycle().preStart().get(0));

        assertThat(step.image()).isEqualTo("fetcher");
        assertThat(step.process().command()).contains(List.of("fetch", "--to", "/weights"));
        assertThat(step.process().entrypoint()).as("the image's own, as compose").isEmpty();
        assertThat(step.process().environment()).containsEntry("MODEL", "tiny").containsEntry("MIRROR", "local");
        assertThat(step.storage().volumesFrom()).containsExactly("c1");
        assertThat(step.networking().endpoints()).extracting(ContainerSpec.Endpoint::network)
                .containsExactly("demo_default");
        assertThat(step.labels()).containsEntry(Labels.PROJECT, "demo").containsEntry(Labels.SERVICE, "model")
                .containsEntry(Labels.HOOK, "pre_start").doesNotContainKey(Labels.CONFIG_HASH);
        var second = PreStartSteps.spec(project, project.service("model").orElseThrow(), service, "c1", 1,
                project.service("model").orElseThrow().lifecycle().preStart().get(1));
        assertThat(second.image()).as("the service's image by default").isEqualTo("server");
        assertThat(second.security().privileged()).isTrue();
        assertThat(second.process().user()).contains("1000");
    }

    @Test
    void a_failing_pre_start_step_fails_the_service_and_its_dependants_and_is_kept_then_removed_next_time()
            throws IOException {
        engine.stepExits.put("verify /weights", 17);

        assertThatThrownBy(() -> runner.up(project(STEPS), UpRequest.defaults())).isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("pre_start[1] exited with code 17: fake output of demo-model-pre_start-1")
                .hasMessageContaining("its container demo-model-pre_start-1 is kept for inspection");
        assertThat(engine.steps()).doesNotContain("start model", "start ui", "remove demo-model-pre_start-1");
        assertThat(inspector.containers("demo", true)).extracting(c -> c.name() + " " + c.status())
                .contains("demo-model-1 created", "demo-model-pre_start-1 exited");

        engine.stepExits.clear();
        runner.up(project(STEPS), UpRequest.defaults());
        assertThat(engine.steps()).containsSubsequence("remove demo-model-pre_start-1",
                "create demo-model-pre_start-0", "start model");
    }

    @Test
    void a_step_image_that_is_not_there_is_pulled_before_anything_is_created() throws IOException {
        var project = project(STEPS.replace("image: fetcher", "image: missing-fetcher"));

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults())).isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("image missing-fetcher is not available");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create"));
    }

    @Test
    void pre_start_steps_do_not_run_again_while_the_service_runs() throws IOException {
        var project = project(STEPS);
        runner.up(project, UpRequest.defaults());
        int steps = (int) engine.steps().stream().filter(s -> s.startsWith("create demo-model-pre_start")).count();

        runner.up(project, UpRequest.defaults());

        assertThat(engine.steps().stream().filter(s -> s.startsWith("create demo-model-pre_start")).count())
                .isEqualTo(steps);
    }

    private static final String SOCKET = """
            services:
              ci:
                image: docker-cli
                use_api_socket: true
              own:
                image: docker-cli
                use_api_socket: true
                environment: {DOCKER_CONFIG: /config}
            """;

    @Test
    void use_api_socket_gives_the_socket_docker_config_and_the_users_registry_credentials() throws IOException {
        engine.registryCredentials = "{\n\t\"auths\": {\n\t\t\"registry.local\": {\n\t\t\t\"auth\": \"dTpw\"\n\t\t}\n\t}\n}";

        runner.up(project(SOCKET), UpRequest.defaults());

        var ci = engine.specs().stream().filter(s -> s.name().equals("demo-ci-1")).findFirst().orElseThrow();
        assertThat(ci.process().environment()).containsEntry("DOCKER_CONFIG", "/run/secrets/docker");
        assertThat(ci.storage().mounts()).extracting(Mount::source, Mount::target)
                .contains(org.assertj.core.groups.Tuple.tuple("/var/run/docker.sock", "/var/run/docker.sock"));
        assertThat(engine.copied.get("demo-ci-1")).containsEntry("/run/secrets/docker/config.json",
                engine.registryCredentials);
        var own = engine.specs().stream().filter(s -> s.name().equals("demo-own-1")).findFirst().orElseThrow();
        assertThat(own.process().environment()).as("the service's own DOCKER_CONFIG stays")
                .containsEntry("DOCKER_CONFIG", "/config");
        assertThat(engine.copied.get("demo-own-1")).as("compose writes the credentials all the same")
                .containsKey("/run/secrets/docker/config.json");
        assertThat(engine.steps().stream().filter("credentials"::equals)).as("read once per run").hasSize(1);
    }

    @Test
    void use_api_socket_is_refused_on_a_windows_engine_before_anything_is_created() throws IOException {
        engine.info = new EngineInfo("fake://", "0", "1.41", "windows", 2, 1L << 30, List.of());

        assertThatThrownBy(() -> runner.up(project(SOCKET), UpRequest.defaults())).isInstanceOf(ServiceFailure.class)
                .hasMessage("services ci, own: use_api_socket cannot be used with a Windows engine");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create"));
    }
}
