package dev.mlcompose.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code up} and {@code run} decide, as plan text, for the states a project can be found in. */
class PlannerTest {

    private static final String APP = """
            services:
              db:
                image: db
                healthcheck: {test: [CMD, ok]}
              api:
                image: api
                depends_on: {db: {condition: service_healthy}}
            """;

    @TempDir
    Path dir;

    private final List<ContainerState> containers = new ArrayList<>();
    private final Map<String, String> imageIds = new HashMap<>();
    private final Map<String, String> inputs = new HashMap<>();

    /** What the engine has of networks and volumes; null: all of the project's. */
    private ObservedState.Resources onEngine;

    @Test
    void a_fresh_project_creates_and_starts_each_service_after_its_dependency_is_healthy() throws IOException {
        onEngine = ObservedState.Resources.NONE;

        assertThat(plan(APP, PlanRequest.up())).hasToString("""
                1 create network demo_default
                2 create demo-db-1 after 1
                3 start demo-db-1 after 2
                4 await db healthy for api after 3
                5 create demo-api-1 after 1, 4
                6 start demo-api-1 after 5""");
    }

    @Test
    void missing_networks_and_volumes_are_made_one_by_one_before_any_container_and_orphans_go_meanwhile()
            throws IOException {
        var project = project("""
                services:
                  db: {image: db, volumes: [data:/data], networks: [back]}
                  api: {image: api, networks: [front, back]}
                networks: {front: {}, back: {}, shared: {external: true}}
                volumes: {data: {}, cache: {name: team-cache}}
                """);
        containers.add(container(project, "old", 1, "running", 0));
        onEngine = new ObservedState.Resources(Set.of("demo_front", "shared"), Set.of("team-cache"));

        assertThat(plan(project, PlanRequest.up().withRemoveOrphans(true))).hasToString("""
                1 create network demo_back
                2 create volume demo_data after 1
                3 remove orphans demo-old-1
                4 create demo-api-1 after 2, 3
                5 start demo-api-1 after 4
                6 create demo-db-1 after 2, 3
                7 start demo-db-1 after 6""");
    }

    @Test
    void external_networks_and_volumes_that_do_not_exist_are_refused_all_at_once() throws IOException {
        var project = project("""
                services: {app: {image: app, volumes: [models:/models], networks: [lab]}}
                networks: {lab: {external: true, name: lab-net}}
                volumes: {models: {external: true}}
                """);
        onEngine = new ObservedState.Resources(Set.of("demo_default"), Set.of());

        assertThatThrownBy(() -> plan(project, PlanRequest.up())).isInstanceOf(PlanRefused.class)
                .extracting(e -> ((PlanRefused) e).problems()).asList().containsExactly(
                        "network lab-net is declared external, but it does not exist; create it with"
                                + " `docker network create lab-net`",
                        "volume models is declared external, but it does not exist; create it with"
                                + " `docker volume create models`");

        onEngine = new ObservedState.Resources(Set.of("lab-net"), Set.of("models"));
        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 create demo-app-1
                2 start demo-app-1 after 1""");
    }

    @Test
    void nothing_changed_keeps_every_running_container() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        running(project, "api", 1);

        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 keep demo-api-1 (running) after 2""");
    }

    @Test
    void a_stopped_container_that_is_unchanged_is_started_again_not_recreated() throws IOException {
        var project = project(APP);
        containers.add(container(project, "db", 1, "exited", 0));
        running(project, "api", 1);

        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 start demo-db-1
                2 await db healthy for api after 1
                3 keep demo-api-1 (running) after 2""");
    }

    @Test
    void a_changed_config_recreates_that_service_only() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        containers.add(relabel(container(project, "api", 1, "running", 0), Labels.CONFIG_HASH, "an older hash"));

        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 recreate demo-api-1 (config changed) after 2
                4 start demo-api-1 after 3""");
    }

    @Test
    void a_rebuilt_image_recreates_its_service_and_then_its_dependant() throws IOException {
        var project = project(APP);
        containers.add(relabel(container(project, "db", 1, "running", 0), Labels.IMAGE, "sha256:old"));
        running(project, "api", 1);
        imageIds.put("db", "sha256:new");

        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 recreate demo-db-1 (image changed)
                2 start demo-db-1 after 1
                3 await db healthy for api after 2
                4 recreate demo-api-1 (a dependency was recreated) after 3
                5 start demo-api-1 after 4""");
    }

    @Test
    void force_recreate_replaces_everything_and_renew_anon_volumes_says_so() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        running(project, "api", 1);

        assertThat(plan(project, PlanRequest.up().withRecreate(RecreatePolicy.ALWAYS).withRenewAnonVolumes(true)))
                .hasToString("""
                        1 recreate demo-db-1 (--force-recreate, new anonymous volumes)
                        2 start demo-db-1 after 1
                        3 await db healthy for api after 2
                        4 recreate demo-api-1 (--force-recreate, new anonymous volumes) after 3
                        5 start demo-api-1 after 4""");
    }

    @Test
    void no_recreate_keeps_a_changed_container_and_creates_only_what_is_missing() throws IOException {
        var project = project(APP);
        containers.add(relabel(container(project, "db", 1, "running", 0), Labels.CONFIG_HASH, "an older hash"));

        assertThat(plan(project, PlanRequest.up().withRecreate(RecreatePolicy.NEVER))).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 create demo-api-1 after 2
                4 start demo-api-1 after 3""");
    }

    @Test
    void no_start_creates_in_dependency_order_and_starts_and_awaits_nothing() throws IOException {
        var project = project("""
                services:
                  db:
                    image: db
                    healthcheck: {test: [CMD, ok]}
                  cache:
                    image: cache
                  api:
                    image: api
                    depends_on: {db: {condition: service_healthy}, cache: {condition: service_started}}
                    pre_start: [{image: tools, command: [init]}]
                """);
        containers.add(container(project, "cache", 1, "exited", 0));

        assertThat(plan(project, PlanRequest.up().withNoStart(true))).hasToString("""
                1 create demo-db-1
                2 create demo-api-1 after 1""");
    }

    @Test
    void always_recreate_deps_replaces_the_unchanged_dependencies_of_the_services_asked_for() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        running(project, "api", 1);

        assertThat(plan(project, PlanRequest.up().withServices(Set.of("api")).withAlwaysRecreateDeps(true))).hasToString("""
                1 recreate demo-db-1 (--always-recreate-deps)
                2 start demo-db-1 after 1
                3 await db healthy for api after 2
                4 recreate demo-api-1 (a dependency was recreated) after 3
                5 start demo-api-1 after 4""");
        assertThat(plan(project, PlanRequest.up().withAlwaysRecreateDeps(true)))
                .as("every service is asked for when none is named, as in compose")
                .hasToString(plan(project, PlanRequest.up()).toString());
    }

    @Test
    void scaling_up_creates_the_new_replicas_then_starts_them_in_order() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        running(project, "api", 1);

        assertThat(plan(project, PlanRequest.up().withScale(Map.of("api", 3)))).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 keep demo-api-1 (running) after 2
                4 create demo-api-2 after 3
                5 create demo-api-3 after 4
                6 start demo-api-2 after 5
                7 start demo-api-3 after 6""");
    }

    @Test
    void scaling_down_removes_the_highest_numbers() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        running(project, "api", 1);
        running(project, "api", 2);
        running(project, "api", 3);

        assertThat(plan(project, PlanRequest.up().withScale(Map.of("api", 1)))).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 keep demo-api-1 (running) after 2
                4 remove demo-api-2 (scaled down) after 3
                5 remove demo-api-3 (scaled down) after 4""");
    }

    @Test
    void orphans_are_removed_first_with_remove_orphans_and_only_named_in_a_warning_without() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        running(project, "api", 1);
        containers.add(container(project, "old", 1, "running", 0));

        var plan = plan(project, PlanRequest.up());
        assertThat(plan.toString()).doesNotContain("orphan");
        assertThat(plan.warnings()).singleElement().asString().startsWith("Found orphan containers (demo-old-1)");

        assertThat(plan(project, PlanRequest.up().withRemoveOrphans(true))).hasToString("""
                1 remove orphans demo-old-1
                2 keep demo-db-1 (running) after 1
                3 await db healthy for api after 2
                4 keep demo-api-1 (running) after 1, 3""");

        var ignored = plan(project, PlanRequest.up().withIgnoreOrphans(true));
        assertThat(ignored.warnings()).as("COMPOSE_IGNORE_ORPHANS: not named").isEmpty();
        assertThat(ignored.toString()).as("nor removed").doesNotContain("orphan");
    }

    @Test
    void no_deps_converges_only_the_service_asked_for_and_waits_for_nothing() throws IOException {
        assertThat(plan(APP, PlanRequest.up().withServices(Set.of("api")).withNoDeps(true))).hasToString("""
                1 create demo-api-1
                2 start demo-api-1 after 1""");
    }

    private static final String PIPELINE = """
            services:
              prepare:
                image: tools
                x-mlcompose: {role: job, inputs: [data.csv]}
              train:
                image: trainer
                depends_on: {prepare: {condition: service_completed_successfully}}
                x-mlcompose: {role: job}
            """;

    @Test
    void a_job_whose_identical_run_exited_0_is_skipped_and_rerun_runs_it_again() throws IOException {
        var project = project(PIPELINE);
        imageIds.put("prepare", "sha256:tools");
        inputs.put("prepare", "inputs-key");
        var prepare = relabel(relabel(container(project, "prepare", 1, "exited", 0), Labels.IMAGE, "sha256:tools"),
                Labels.INPUTS, "inputs-key");
        containers.add(prepare);

        assertThat(plan(project, PlanRequest.up().withServices(Set.of("prepare")))).hasToString(
                "1 skip demo-prepare-1 (unchanged since its run at 2026-12-01T10:00:00Z exited 0; --rerun runs it again)");
        assertThat(plan(project, PlanRequest.up().withServices(Set.of("prepare")).withRerun(true)))
                .hasToString("1 start demo-prepare-1");

        inputs.put("prepare", "the data changed");
        assertThat(plan(project, PlanRequest.up().withServices(Set.of("prepare")))).hasToString("1 start demo-prepare-1");
    }

    @Test
    void run_converges_the_dependencies_and_waits_for_their_conditions_for_the_one_off() throws IOException {
        var request = PlanRequest.up().withServices(Set.of("prepare")).withOneOffOf(Optional.of("train"));

        assertThat(plan(PIPELINE, request)).hasToString("""
                1 create demo-prepare-1
                2 start demo-prepare-1 after 1
                3 await prepare completed successfully for a one-off of train after 2""");
    }

    @Test
    void a_one_off_container_of_a_service_is_none_of_its_replicas() throws IOException {
        var project = project(APP);
        running(project, "db", 1);
        containers.add(relabel(container(project, "api", 1, "exited", 0), Labels.ONEOFF, "True"));

        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 create demo-api-1 after 2
                4 start demo-api-1 after 3""");
    }

    @Test
    void pre_start_steps_run_before_the_first_start_of_a_service_that_has_them() throws IOException {
        String yaml = APP.replace("    image: api\n", "    image: api\n    pre_start: [{image: tools, command: [fetch]}]\n");
        var project = project(yaml);
        running(project, "db", 1);

        assertThat(plan(project, PlanRequest.up())).hasToString("""
                1 keep demo-db-1 (running)
                2 await db healthy for api after 1
                3 create demo-api-1 after 2
                4 pre_start api with replica 1 after 3
                5 start demo-api-1 after 4""");
    }

    private Plan plan(String yaml, PlanRequest request) throws IOException {
        return plan(project(yaml), request);
    }

    private Plan plan(Project project, PlanRequest request) {
        var resources = onEngine != null ? onEngine : new ObservedState.Resources(
                project.networks().values().stream().map(n -> n.name()).collect(Collectors.toSet()),
                project.volumes().values().stream().map(v -> v.name()).collect(Collectors.toSet()));
        return Planner.plan(project, ServiceGraph.of(project),
                new ObservedState(containers, imageIds, inputs, List.of(), resources), request);
    }

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    private void running(Project project, String service, int number) {
        containers.add(container(project, service, number, "running", 0));
    }

    /** A container as the engine lists it, labelled as up created it for the project as it is now. */
    private static ContainerState container(Project project, String service, int number, String status, int exit) {
        String hash = project.service(service).map(s -> ConfigHash.of(project, service)).orElse("gone");
        var labels = Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, service, Labels.NUMBER, "" + number,
                Labels.CONFIG_HASH, hash, Labels.ONEOFF, "False");
        return new ContainerState("id-" + service + number, project.name() + "-" + service + "-" + number, service,
                labels, status, exit, false, Optional.empty(), List.of(), Optional.empty(),
                Optional.of(Instant.parse("2026-12-01T10:00:00.123Z")), List.of(), 0, List.of());
    }

    private static ContainerState relabel(ContainerState c, String label, String value) {
        var labels = new HashMap<>(c.labels());
        labels.put(label, value);
        return new ContainerState(c.id(), c.name(), c.image(), labels, c.status(), c.exitCode(), c.oomKilled(),
                c.health(), c.healthLog(), c.startedAt(), c.finishedAt(), c.ports(), c.restartCount(), c.mounts());
    }
}
