package dev.mlcompose.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code down}, {@code stop} and {@code start} as plan text, from the containers' own labels (and the model for pre_start). */
class StopAndStartPlansTest {

    @TempDir
    Path dir;


    // db <- migrate <- api -> cache, as an up of PlannerTest's pipeline labels them
    private static final List<ContainerState> PIPELINE = List.of(
            container("db", "running", ""),
            container("migrate", "exited", "db:service_healthy:false"),
            container("cache", "running", ""),
            container("api", "running", "migrate:service_completed_successfully:false,cache:service_started:false"));

    @Test
    void down_stops_each_service_after_its_dependants_have_exited_and_removes_each_container_after_its_stop() {
        assertThat(ShutdownPlanner.plan(PIPELINE, true)).hasToString("""
                1 stop demo-api-1
                2 remove demo-api-1 after 1
                3 stop demo-cache-1 after 1
                4 remove demo-cache-1 after 3
                5 remove demo-migrate-1
                6 stop demo-db-1
                7 remove demo-db-1 after 6""");
    }

    @Test
    void stop_of_one_service_stops_only_its_containers_and_removes_nothing() {
        var api = PIPELINE.stream().filter(c -> c.name().equals("demo-api-1")).toList();

        assertThat(ShutdownPlanner.plan(api, false)).hasToString("1 stop demo-api-1");
    }

    @Test
    void stop_of_everything_keeps_the_order_and_leaves_stopped_containers_alone() {
        assertThat(ShutdownPlanner.plan(PIPELINE, false)).hasToString("""
                1 stop demo-api-1
                2 stop demo-cache-1 after 1
                3 stop demo-db-1""");
    }

    @Test
    void labels_that_name_each_other_in_a_circle_still_give_a_plan() {
        var circle = List.of(container("a", "running", "b:service_started:false"),
                container("b", "running", "a:service_started:false"));

        assertThat(ShutdownPlanner.plan(circle, false)).hasToString("""
                1 stop demo-a-1
                2 stop demo-b-1 after 1""");
    }

    @Test
    void start_starts_the_stopped_containers_dependencies_first() {
        var stopped = PIPELINE.stream().map(c -> withStatus(c, "exited")).toList();

        assertThat(StartPlanner.plan(stopped, Optional.empty(), true)).hasToString("""
                1 start demo-cache-1
                2 start demo-db-1 after 1
                3 start demo-migrate-1 after 2
                4 start demo-api-1 after 3""");
        assertThat(StartPlanner.plan(PIPELINE, Optional.empty(), true)).as("what runs is left alone")
                .hasToString("1 start demo-migrate-1");
    }

    @Test
    void start_of_a_service_with_pre_start_steps_runs_them_first_when_none_of_its_replicas_runs() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  model:
                    image: server
                    pre_start: [{image: fetcher, command: [fetch]}]
                """);
        var project = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
        var model = container("model", "exited", "");
        var step = other(model, "demo-model-pre_start-0", Labels.HOOK, "pre_start");
        var oneOff = withStatus(other(model, "demo-model-run-1a2b3c", Labels.ONEOFF, "True"), "running");

        assertThat(StartPlanner.plan(List.of(model, step, oneOff), Optional.of(project), true)).hasToString("""
                1 pre_start model with replica 1
                2 start demo-model-1 after 1""");
        assertThat(StartPlanner.plan(List.of(model, step, oneOff), Optional.of(project), false)).as("restart")
                .hasToString("1 start demo-model-1");
    }

    private static ContainerState container(String service, String status, String dependsOn) {
        var labels = Map.of(Labels.PROJECT, "demo", Labels.SERVICE, service, Labels.NUMBER, "1",
                Labels.DEPENDS_ON, dependsOn);
        return new ContainerState("id-" + service, "demo-" + service + "-1", service, labels, status, 0, false,
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), 0, List.of());
    }

    private static ContainerState withStatus(ContainerState c, String status) {
        return copy(c, c.name(), status, c.labels());
    }

    /** Another container of the same service: a one-off or a pre_start step's, by {@code label}. */
    private static ContainerState other(ContainerState c, String name, String label, String value) {
        var labels = new HashMap<>(c.labels());
        labels.put(label, value);
        return copy(c, name, c.status(), labels);
    }

    private static ContainerState copy(ContainerState c, String name, String status, Map<String, String> labels) {
        return new ContainerState("id-" + name, name, c.image(), labels, status, c.exitCode(), c.oomKilled(), c.health(),
                c.healthLog(), c.startedAt(), c.finishedAt(), c.ports(), c.restartCount(), c.mounts());
    }
}
