package dev.mlcompose.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.NetworkInfo;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.PullPolicy;
import dev.mlcompose.runner.plan.RecreatePolicy;
import dev.mlcompose.runner.run.FakeEngine.Behaviour;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's ordering, convergence and failure rules, on a fake of our own Engine port. */
class ProjectRunnerTest {

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

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    private static final String PIPELINE = """
            services:
              db:
                image: db
                healthcheck: {test: [CMD, ok], interval: 1s, retries: 3}
              cache: {image: cache}
              migrate:
                image: tools
                depends_on: {db: {condition: service_healthy}}
              api:
                image: api
                depends_on:
                  migrate: {condition: service_completed_successfully}
                  cache: {condition: service_started}
            """;

    @Test
    void each_service_starts_as_soon_as_its_own_dependencies_are_satisfied() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(300)).behave("migrate", Behaviour.exitsWith(0, 100));

        runner.up(project(PIPELINE), UpRequest.defaults());

        List<String> steps = engine.steps();
        assertThat(steps).containsSubsequence("healthy db", "start migrate", "die migrate", "start api");
        assertThat(steps.indexOf("start cache")).as("cache does not wait for db's health")
                .isLessThan(steps.indexOf("healthy db"));
    }

    @Test
    void a_second_up_creates_nothing_and_a_changed_service_is_recreated_with_its_dependants() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));
        runner.up(project(PIPELINE), UpRequest.defaults());
        int created = count("create ");

        runner.up(project(PIPELINE), UpRequest.defaults());
        assertThat(count("create ")).as("nothing new").isEqualTo(created);

        runner.up(project(PIPELINE.replace("image: cache", "image: cache:2")), UpRequest.defaults());
        assertThat(engine.steps().subList(engine.steps().size() - 8, engine.steps().size()))
                .contains("create demo-cache-1", "create demo-api-1").doesNotContain("create demo-db-1");
    }

    @Test
    void a_recreated_container_mounts_its_predecessors_anonymous_volume_unless_renewed() throws IOException {
        var project = project("services:\n  app:\n    image: app\n    volumes: [/data, models:/models]\nvolumes:\n  models: {}\n");
        var always = UpRequest.defaults().withRecreate(RecreatePolicy.ALWAYS);
        runner.up(project, UpRequest.defaults());
        String anonymous = engine.containers(Map.of(), true).get(0).mounts().get(0).name();

        runner.up(project, always);
        assertThat(engine.specs().get(0).storage().mounts()).extracting(m -> m.target() + "=" + m.source())
                .containsExactly("/data=" + anonymous, "/models=demo_models");

        runner.up(project, always.withRenewAnonVolumes(true));
        assertThat(engine.specs().get(0).storage().mounts()).extracting(m -> m.target() + "=" + m.source())
                .as("-V: a fresh one").containsExactly("/data=", "/models=demo_models");
    }

    @Test
    void a_failing_job_fails_its_dependants_with_the_exit_code_and_last_lines() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(3, 50));

        assertThatThrownBy(() -> runner.up(project(PIPELINE), UpRequest.defaults()))
                .isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("cannot start api: dependency migrate exited with code 3")
                .hasMessageContaining("fake output of demo-migrate-1");
        assertThat(engine.steps()).doesNotContain("start api");
    }

    @Test
    void wait_succeeds_when_services_run_and_jobs_exited_zero() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));

        var started = runner.up(project(PIPELINE), UpRequest.defaults().withWaitReady(true));

        assertThat(started).containsOnlyKeys("db", "cache", "migrate", "api");
    }

    @Test
    void no_deps_never_waits_on_what_it_did_not_start() throws IOException {
        var request = UpRequest.defaults().withServices(Set.of("api")).withNoDeps(true);

        runner.up(project(PIPELINE), request);

        assertThat(engine.steps()).contains("start api").doesNotContain("start db", "start migrate");
    }

    @Test
    void rm_after_stop_removes_containers_the_engines_list_still_shows_running() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));
        runner.up(project(PIPELINE), UpRequest.defaults());
        engine.listLagsBehindStop = true;

        lifecycle.stop("demo", java.util.Set.of(), java.time.Duration.ofSeconds(1));
        lifecycle.removeStopped("demo", java.util.Set.of(), true);

        assertThat(engine.containers(Map.of(Labels.PROJECT, "demo"), true)).isEmpty();
    }

    @Test
    void restart_starts_again_containers_the_engines_list_still_shows_running_after_the_stop() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));
        runner.up(project(PIPELINE), UpRequest.defaults());
        engine.listLagsBehindStop = true;

        lifecycle.restart("demo", java.util.Set.of("cache"), java.time.Duration.ofSeconds(1));

        assertThat(engine.inspect(engine.containers(Map.of(Labels.SERVICE, "cache"), true).get(0).id()).isRunning())
                .isTrue();
    }

    @Test
    void down_stops_dependants_before_their_dependencies_and_removes_networks() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));
        runner.up(project(PIPELINE), UpRequest.defaults());

        lifecycle.down("demo", false, java.time.Duration.ofSeconds(1));

        assertThat(engine.steps()).containsSubsequence("die api", "die cache");
        assertThat(engine.containers(Map.of(Labels.PROJECT, "demo"), true)).isEmpty();
        assertThat(engine.networks(Map.of(Labels.PROJECT, "demo"))).isEmpty();
    }

    @Test
    void down_stops_a_dependency_once_its_dependants_exited_not_after_the_engines_clean_up() throws IOException {
        runner.up(project("services: {db: {image: db}, api: {image: api, depends_on: [db]}}"), UpRequest.defaults());
        engine.stopCleanup = java.time.Duration.ofMillis(300);

        lifecycle.down("demo", false, java.time.Duration.ofSeconds(1));

        assertThat(engine.steps()).containsSubsequence("die api", "die db", "stopped api");
        assertThat(engine.containers(Map.of(Labels.PROJECT, "demo"), true)).isEmpty();
    }

    @Test
    void down_rmi_local_removes_only_default_named_images_and_all_every_services() throws IOException {
        var project = project("""
                services:
                  train: {build: ., command: [train]}
                  serve: {image: registry.local/serve:1}
                  later: {build: ., profiles: [never]}
                """);
        runner.up(project, UpRequest.defaults().withServices(Set.of("train", "serve")));

        lifecycle.down("demo", Optional.of(project), false, ImageRemoval.LOCAL, java.time.Duration.ofSeconds(1));
        assertThat(engine.log).filteredOn(l -> l.startsWith("remove image")).containsExactly("remove image demo-train");

        engine.log.clear();
        lifecycle.down("demo", Optional.of(project), false, ImageRemoval.ALL, java.time.Duration.ofSeconds(1));
        assertThat(engine.log).filteredOn(l -> l.startsWith("remove image"))
                .containsExactlyInAnyOrder("remove image demo-train", "remove image registry.local/serve:1");
    }

    @Test
    void an_up_that_fails_on_a_missing_external_volume_leaves_no_network_behind() throws IOException {
        var project = project("""
                services: {app: {image: app, volumes: [data:/data]}}
                volumes: {data: {external: true}}
                """);

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults()))
                .hasMessageContaining("volume data is declared external, but it does not exist");
        assertThat(engine.networks(Map.of())).isEmpty();
        assertThat(engine.containers(Map.of(), true)).isEmpty();
    }

    @Test
    void down_catches_up_on_an_exit_that_came_before_its_event_stream_opened() throws IOException {
        runner.up(project("services: {db: {image: db}, api: {image: api, depends_on: [db]}}"), UpRequest.defaults());
        engine.stopCleanup = java.time.Duration.ofMillis(600);
        engine.eventsOpening = java.time.Duration.ofMillis(200); // api dies before the stream is there

        lifecycle.down("demo", false, java.time.Duration.ofSeconds(1));

        assertThat(engine.steps()).containsSubsequence("die api", "die db", "stopped api");
    }

    @Test
    void following_logs_keeps_the_tail_and_time_window_and_ends_at_until() throws IOException {
        runner.up(project("services: {app: {image: app}}"), UpRequest.defaults());
        long until = java.time.Instant.now().plusSeconds(1).getEpochSecond();
        var options = new LogOptions(true, Optional.of(5), Optional.of(100L), Optional.of(until), true);
        var lines = new ArrayList<String>();
        long start = System.nanoTime();

        inspector.logs("demo", java.util.Set.of(), options, (container, line) -> lines.add(line));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ends at until, though app still runs")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(engine.followed).containsExactly(options);
        assertThat(lines).containsExactly("fake output of demo-app-1");
    }

    @Test
    void pull_never_names_the_service_whose_image_is_missing() throws IOException {
        var project = project("services: {model: {image: missing-model}, app: {image: app}}");

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults().withPull(PullPolicy.NEVER)))
                .isInstanceOfSatisfying(ServiceFailure.class, f -> assertThat(f.service()).isEqualTo("model"))
                .hasMessageContaining("image missing-model is missing and the pull policy is never");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create"));
    }

    @Test
    void pull_missing_uses_a_present_image_and_a_file_pull_policy_applies_without_the_flag() throws IOException {
        runner.up(project("services: {app: {image: app}}"), UpRequest.defaults().withPull(PullPolicy.MISSING));
        assertThat(engine.steps()).contains("start app");

        assertThatThrownBy(() -> runner.up(project("services: {app: {image: missing-app, pull_policy: never}}"),
                UpRequest.defaults())).hasMessageContaining("pull policy is never");
    }

    @Test
    void pull_always_fails_without_a_registry_unless_the_service_can_be_built() throws IOException {
        assertThatThrownBy(() -> runner.up(project("services: {app: {image: app}}"),
                UpRequest.defaults().withPull(PullPolicy.ALWAYS)))
                .isInstanceOfSatisfying(ServiceFailure.class, f -> assertThat(f.service()).isEqualTo("app"))
                .hasMessageContaining("pull policy always: image app not found; no registry answered")
                .hasMessageEndingWith("; a local copy exists, which --pull missing would use");

        runner.up(project("services: {app: {image: app, build: .}}"), UpRequest.defaults().withPull(PullPolicy.ALWAYS));
        assertThat(engine.steps()).contains("build app", "start app");
    }

    @Test
    void a_dry_run_lists_the_images_to_build_or_pull_then_the_plan_and_changes_nothing() throws IOException {
        var project = project("""
                services:
                  train: {image: ml-missing, build: .}
                  db: {image: db-missing}
                  api: {image: api, depends_on: [db, train]}
                """);

        var dryRun = runner.dryRun(project, UpRequest.defaults());

        assertThat(dryRun.toString()).startsWith("""
                pull image db-missing
                build image ml-missing
                1 create network demo_default
                2 create demo-""");
        assertThat(dryRun.plan().steps()).as("the network first, then 4 steps per service").hasSize(9);
        assertThat(engine.steps()).as("nothing built, pulled, created or started").isEmpty();
        assertThatThrownBy(() -> runner.dryRun(project, UpRequest.defaults().withPull(PullPolicy.NEVER)))
                .as("what would fail fails as up fails").hasMessageContaining("is missing and the pull policy is never");
    }

    @Test
    void pull_build_rebuilds_every_buildable_service() throws IOException {
        runner.up(project("services: {app: {image: app, build: .}, db: {image: db}}"),
                UpRequest.defaults().withPull(PullPolicy.BUILD));

        assertThat(engine.steps()).contains("build app").noneMatch(s -> s.equals("build db"));
    }

    @Test
    void an_image_shared_by_services_is_built_once_and_a_failed_image_names_its_service() throws IOException {
        runner.up(project("""
                services:
                  train: {image: ml:1, build: .}
                  serve: {image: ml:1, build: .}
                  db: {image: db, build: ./db}
                """), UpRequest.defaults().withBuildPolicy(BuildPolicy.ALWAYS));
        assertThat(count("build ml:1")).isEqualTo(1);
        assertThat(count("build db")).isEqualTo(1);

        assertThatThrownBy(() -> runner.up(project("services: {ok: {image: app}, bad: {image: missing-one}}"),
                UpRequest.defaults().withPull(PullPolicy.NEVER)))
                .isInstanceOfSatisfying(ServiceFailure.class, f -> assertThat(f.service()).isEqualTo("bad"));
    }

    @Test
    void an_empty_build_context_is_refused_before_anything_is_built_or_created() throws IOException {
        var project = project("services: {app: {image: missing-app, build: {context: \"${PWD}\"}}}");

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults()))
                .isInstanceOfSatisfying(ServiceFailure.class, f -> assertThat(f.service()).isEqualTo("app"))
                .hasMessageContaining("build.context is empty");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("build") || s.startsWith("create"));
    }

    private int count(String prefix) {
        return (int) engine.steps().stream().filter(s -> s.startsWith(prefix)).count();
    }

    @Test
    void start_interval_on_an_old_engine_is_run_by_mlcompose_and_a_passing_run_counts_as_healthy() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(60_000)); // the engine's own first probe: after interval
        var project = project("""
                services:
                  db:
                    image: db
                    healthcheck: {test: [CMD, pg_isready], interval: 30s, start_period: 30s, start_interval: 200ms}
                  app:
                    image: app
                    depends_on: {db: {condition: service_healthy}}
                """);

        long t = System.nanoTime();
        runner.up(project, UpRequest.defaults().withWaitReady(true));

        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(10));
        assertThat(engine.log).containsSubsequence("start db", "exec demo-db-1 pg_isready", "start app");
        assertThat(warnings).containsExactly("healthcheck.start_interval needs Docker Engine 25 (API 1.44); this"
                + " engine speaks API 1.41, so mlcompose runs the healthcheck of db itself every start_interval during"
                + " start_period, and a passing run counts as healthy");
    }

    @Test
    void wait_fails_a_service_without_healthcheck_that_dies_right_after_it_started() throws IOException {
        engine.behave("api", Behaviour.exitsWith(137, 300)); // running at first sight, then killed
        var project = project("""
                services:
                  api: {image: api}
                """);

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults().withWaitReady(true)))
                .isInstanceOf(ServiceFailure.class)
                .hasMessage("api exited with code 137 right after it started: fake output of demo-api-1");
    }

    @Test
    void wait_fails_a_crash_loop_at_its_deadline_with_the_last_exit_even_while_the_restarted_container_runs()
            throws IOException {
        engine.behave("api", Behaviour.exitsWith(2, 300)); // running 0.3 s, then the engine restarts it
        var project = project("""
                services:
                  api: {image: api, restart: always}
                """);

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults().withWaitReady(true)
                .withWaitTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(ServiceFailure.class)
                .hasMessageMatching("api kept restarting: [1-9][0-9]* restarts during the wait, never up for 1s,"
                        + " last exited with code 2: fake output of demo-api-1");
    }

    @Test
    void an_up_finding_its_network_and_container_just_created_by_another_up_uses_them() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));
        engine.createdMeanwhile.addAll(List.of("demo_default", "demo-db-1"));

        runner.up(project(PIPELINE), UpRequest.defaults());

        assertThat(engine.containers(Map.of(), true)).extracting(ContainerState::name)
                .containsExactlyInAnyOrder("demo-db-1", "demo-cache-1", "demo-migrate-1", "demo-api-1");
        assertThat(engine.networks(Map.of())).extracting(NetworkInfo::name).containsExactly("demo_default");
        assertThat(engine.log).contains("start db", "start api");
    }

    @Test
    void two_networks_of_one_name_created_at_once_end_as_the_first_one_alone() throws IOException {
        engine.behave("db", Behaviour.healthyAfter(10)).behave("migrate", Behaviour.exitsWith(0, 10));
        engine.twinCreatedMeanwhile.add("demo_default");

        runner.up(project(PIPELINE), UpRequest.defaults());

        assertThat(engine.networks(Map.of())).extracting(NetworkInfo::id).containsExactly("their-demo_default");
    }

    @Test
    void wait_passes_a_service_without_healthcheck_once_it_stayed_up_for_the_settle_time() throws IOException {
        engine.behave("api", Behaviour.runs());
        var project = project("""
                services:
                  api: {image: api}
                """);

        long t = System.nanoTime();
        runner.up(project, UpRequest.defaults().withWaitReady(true));

        assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(SettleWait.SETTLE);
    }

    @Test
    void a_new_engine_takes_start_interval_itself() throws IOException {
        engine.info = new EngineInfo("fake://", "26.1.5", "1.45", "linux", 2, 1L << 30, List.of("runc"));
        engine.behave("db", Behaviour.healthyAfter(10));
        var project = project("""
                services:
                  db: {image: db, healthcheck: {test: [CMD, ok], start_period: 30s, start_interval: 1s}}
                """);

        runner.up(project, UpRequest.defaults().withWaitReady(true));

        assertThat(warnings).isEmpty();
        assertThat(engine.specs().get(0).healthcheck().orElseThrow().startInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void what_the_engine_refuses_only_at_start_fails_up_before_anything_is_created() throws IOException {
        engine.startRefusals.put("rocm", "error gathering device information while adding custom device "
                + "\"/dev/kfd\": no such file or directory");
        var project = project("""
                services:
                  db: {image: db}
                  rocm:
                    image: rocm
                    devices: [/dev/kfd, /dev/dri]
                    group_add: [video]
                    depends_on: [db]
                  serve: {image: app, sysctls: {net.core.somaxconn: 1024}}
                """);

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults()))
                .isInstanceOf(ServiceFailure.class)
                .hasMessage("service rocm: the engine refuses devices: error gathering device information while adding"
                        + " custom device \"/dev/kfd\": no such file or directory");
        assertThat(engine.log).contains("probe start rocm", "probe start serve").doesNotContain("probe start db")
                .noneMatch(l -> l.startsWith("create ") || l.startsWith("start "));
    }

    @Test
    void scaling_a_service_with_a_fixed_host_port_is_refused_before_anything_is_created() throws IOException {
        var project = project("""
                services:
                  api: {image: app, ports: ["5000:5000"]}
                """);

        assertThatThrownBy(() -> runner.up(project, UpRequest.defaults().withScale(Map.of("api", 2))))
                .hasMessage("service api: ports: host port 5000 is fixed, but the service has 2 replicas and only one"
                        + " can bind it; publish a range (\"5000-5001:5000\"), let the engine pick (\"5000\"), or run"
                        + " one replica");
        assertThat(engine.log).noneMatch(l -> l.startsWith("create "));
    }

    @Test
    void a_one_off_run_is_checked_before_it_is_created_too() throws IOException {
        var project = project("""
                services:
                  train: {image: app, command: [train], cpus: 8}
                """);

        assertThatThrownBy(() -> runner.run(project, RunRequest.of("train").withRemove(true), (container, line) -> { }))
                .hasMessage("service train: cpus: cpus 8 is more than the engine's 2 CPUs; lower it, or run on a"
                        + " larger machine");
        assertThat(engine.log).noneMatch(l -> l.startsWith("create "));
    }

    @Test
    void a_one_off_on_a_terminal_is_attached_before_it_starts_and_sized_once_it_runs() throws IOException {
        var project = project("""
                services:
                  train: {image: app, command: [train]}
                """);
        engine.behave("train", Behaviour.exitsWith(3, 50));
        var screen = new ByteArrayOutputStream();

        int exit;
        try (var oneOff = runner.prepareRun(project, RunRequest.of("train").withRemove(true).withTty(true)
                .withInteractive(true))) {
            exit = oneOff.attach(Optional.of(new ByteArrayInputStream(new byte[0])), new Terminal(screen, 30, 100)).orElseThrow();
        }

        assertThat(exit).isEqualTo(3);
        assertThat(engine.terminals).hasSize(2);
        assertThat(engine.terminals.get(0)).matches("attach demo-train-run-\\w+ stdin tty open created");
        assertThat(engine.terminals.get(1)).matches("resize demo-train-run-\\w+ 30x100");
        assertThat(screen.toString(StandardCharsets.UTF_8)).startsWith("fake terminal of demo-train-run-");
        assertThat(engine.specs()).as("--rm removed it").isEmpty();
    }

    @Test
    void a_run_without_a_tty_is_attached_before_its_start_with_stdin_open_once_and_returns_its_exit_code()
            throws IOException {
        var project = project("""
                services:
                  job: {image: app}
                """);
        engine.behave("job", Behaviour.exitsWith(4, 10));
        var stdout = new ByteArrayOutputStream();

        try (var oneOff = runner.prepareRun(project, RunRequest.of("job").withRemove(true).withInteractive(true))) {
            int code = oneOff.pipe(Optional.of(new java.io.ByteArrayInputStream(new byte[0])), stdout,
                    new ByteArrayOutputStream());
            assertThat(code).isEqualTo(4);
        }

        assertThat(engine.pipes).singleElement().asString()
                .as("attached while created, so none of its output is missed; its stdin's end closes the container's")
                .matches("attach demo-job-run-\\w+ stdin open once created");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("fake output of demo-job-run-");
        assertThat(engine.specs()).as("--rm").isEmpty();
    }

    @Test
    void the_run_decides_the_tty_whatever_the_service_says_and_without_interactive_stdin_stays_closed()
            throws IOException {
        var project = project("""
                services:
                  shell: {image: app, tty: true, stdin_open: true}
                  keys: {image: app}
                """);
        engine.behave("shell", Behaviour.exitsWith(0, 10)).behave("keys", Behaviour.exitsWith(0, 10));

        try (var noTerminal = runner.prepareRun(project, RunRequest.of("shell"))) {
            assertThat(engine.specs()).singleElement().satisfies(spec -> {
                assertThat(spec.process().tty()).as("no terminal, no TTY").isFalse();
                assertThat(spec.process().stdinOpen()).isFalse();
            });
        }
        try (var keys = runner.prepareRun(project, RunRequest.of("keys").withRemove(true).withTty(true))) {
            keys.attach(Optional.empty(), new Terminal(new ByteArrayOutputStream(), 0, 0));
        }

        assertThat(engine.terminals.get(0)).matches("attach demo-keys-run-\\w+ no-stdin tty closed created");
    }
}
