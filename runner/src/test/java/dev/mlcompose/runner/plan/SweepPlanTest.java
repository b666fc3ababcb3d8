package dev.mlcompose.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code up} and {@code train} decide for a sweep ({@code x-mlcompose.matrix}), as plan text. */
class SweepPlanTest {

    private static final String SWEEP = """
            services:
              train:
                image: trainer
                x-mlcompose:
                  role: train
                  matrix: {LR: [0.1, 0.01], SEED: [0, 1]}
                  max-parallel: 2
              serve:
                image: server
                depends_on: {train: {condition: service_completed_successfully}}
            """;

    @TempDir
    Path dir;

    private final List<ContainerState> containers = new ArrayList<>();

    @Test
    void each_cell_is_a_container_and_a_cell_starts_when_the_one_two_places_ahead_has_ended() throws IOException {
        assertThat(plan(project(SWEEP), PlanRequest.up())).hasToString("""
                1 create demo-train-1 [LR=0.1 SEED=0]
                2 start demo-train-1 after 1
                3 create demo-train-2 [LR=0.1 SEED=1]
                4 start demo-train-2 after 3
                5 await demo-train-1 ended (max-parallel 2) after 2
                6 create demo-train-3 [LR=0.01 SEED=0] after 5
                7 start demo-train-3 after 6
                8 await demo-train-2 ended (max-parallel 2) after 4
                9 create demo-train-4 [LR=0.01 SEED=1] after 8
                10 start demo-train-4 after 9
                11 await train completed successfully for serve after 2, 4, 7, 10
                12 create demo-serve-1 after 11
                13 start demo-serve-1 after 12""");
    }

    @Test
    void without_max_parallel_every_cell_starts_at_once() throws IOException {
        var project = project(SWEEP.replace("      max-parallel: 2\n", ""));

        assertThat(plan(project, PlanRequest.up().withServices(java.util.Set.of("train")))).hasToString("""
                1 create demo-train-1 [LR=0.1 SEED=0]
                2 start demo-train-1 after 1
                3 create demo-train-2 [LR=0.1 SEED=1]
                4 start demo-train-2 after 3
                5 create demo-train-3 [LR=0.01 SEED=0]
                6 start demo-train-3 after 5
                7 create demo-train-4 [LR=0.01 SEED=1]
                8 start demo-train-4 after 7""");
    }

    @Test
    void a_grown_matrix_keeps_each_cells_container_by_its_values_and_skips_the_cells_already_done() throws IOException {
        var before = project(SWEEP);
        containers.add(cell(before, 1, "LR=0.1 SEED=0"));
        containers.add(cell(before, 2, "LR=0.1 SEED=1"));
        containers.add(cell(before, 3, "LR=0.01 SEED=0"));
        containers.add(cell(before, 4, "LR=0.01 SEED=1"));
        var after = project(SWEEP.replace("LR: [0.1, 0.01]", "LR: [0.1, 0.05]"));

        assertThat(plan(after, PlanRequest.up().withServices(java.util.Set.of("train")))).hasToString("""
                1 remove demo-train-3 (not in the matrix)
                2 remove demo-train-4 (not in the matrix) after 1
                3 skip demo-train-1 (unchanged since its run at 2026-12-01T10:00:00Z exited 0; --rerun runs it again) after 2
                4 skip demo-train-2 (unchanged since its run at 2026-12-01T10:00:00Z exited 0; --rerun runs it again) after 2
                5 await demo-train-1 ended (max-parallel 2) after 3
                6 create demo-train-3 [LR=0.05 SEED=0] after 2, 5
                7 start demo-train-3 after 6
                8 await demo-train-2 ended (max-parallel 2) after 4
                9 create demo-train-4 [LR=0.05 SEED=1] after 2, 8
                10 start demo-train-4 after 9""");
    }

    @Test
    void a_change_to_the_service_recreates_every_cell() throws IOException {
        var before = project(SWEEP);
        containers.add(cell(before, 1, "LR=0.1 SEED=0"));
        var after = project(SWEEP.replace("image: trainer", "image: trainer:2").replace("SEED: [0, 1]", "SEED: [0]"));

        assertThat(plan(after, PlanRequest.up().withServices(java.util.Set.of("train")))).hasToString("""
                1 recreate demo-train-1 [LR=0.1 SEED=0] (config changed)
                2 start demo-train-1 after 1
                3 create demo-train-2 [LR=0.01 SEED=0]
                4 start demo-train-2 after 3""");
    }

    private Plan plan(Project project, PlanRequest request) {
        var made = new ObservedState.Resources(project.networks().values().stream().map(n -> n.name())
                .collect(java.util.stream.Collectors.toSet()), java.util.Set.of()); // made: the sweeps' steps alone
        return Planner.plan(project, ServiceGraph.of(project),
                new ObservedState(containers, Map.of(), Map.of(), List.of(), made), request);
    }

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    /** A cell's container that exited 0, labelled as up created it for {@code project}. */
    private static ContainerState cell(Project project, int number, String cell) {
        String hash = ConfigHash.cell(ConfigHash.of(project, "train"), cell);
        var labels = Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, "train", Labels.NUMBER, "" + number,
                Labels.CONFIG_HASH, hash, Labels.ONEOFF, "False", Labels.CELL, cell);
        return new ContainerState("id-" + number, project.name() + "-train-" + number, "trainer", labels, "exited", 0,
                false, Optional.empty(), List.of(), Optional.empty(),
                Optional.of(Instant.parse("2026-12-01T10:00:00.123Z")), List.of(), 0, List.of());
    }
}
