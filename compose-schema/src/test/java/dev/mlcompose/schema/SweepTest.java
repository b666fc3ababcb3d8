package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.model.MlSettings;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Sweep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code x-mlcompose.matrix}: the cells a sweep runs, how each is hashed, and what the loader refuses. */
class SweepTest {

    @TempDir
    Path dir;

    private Project load(String yaml) throws IOException {
        return ComposeFiles.load(dir, yaml);
    }

    private List<String> problems(String yaml) throws IOException {
        return ComposeFiles.problems(dir, yaml);
    }

    private static final String SWEEP = """
            services:
              train:
                image: t:1
                x-mlcompose:
                  role: train
                  matrix: {LR: [1e-3, 3e-4], SEED: [0, 1], AUG: [true]}
                  max-parallel: 2
                  sweep-success: any
                  objective: {metric: accuracy, goal: max}
            """;

    @Test
    void cells_combine_every_value_first_key_slowest_written_as_compose_writes_numbers() throws IOException {
        MlSettings ml = load(SWEEP).service("train").orElseThrow().ml();
        Sweep sweep = ml.sweep().orElseThrow();

        assertThat(sweep.cells()).map(Sweep.Cell::toString).containsExactly(
                "LR=0.001 SEED=0 AUG=true", "LR=0.001 SEED=1 AUG=true",
                "LR=0.0003 SEED=0 AUG=true", "LR=0.0003 SEED=1 AUG=true");
        assertThat(sweep.cells().get(2).values()).containsEntry("LR", "0.0003").containsEntry("SEED", "0");
        assertThat(sweep.maxParallel()).isEqualTo(2);
        assertThat(sweep.anySuccess()).isTrue();
        assertThat(ml.objective()).contains(new MlSettings.Objective("accuracy", true));
    }

    @Test
    void without_limits_every_cell_runs_at_once_and_all_must_succeed() throws IOException {
        Sweep sweep = load("""
                services:
                  train:
                    image: t:1
                    x-mlcompose: {matrix: {C: [0.1, 1, 10]}}
                """).service("train").orElseThrow().ml().sweep().orElseThrow();

        assertThat(sweep.cells()).map(Sweep.Cell::toString).containsExactly("C=0.1", "C=1", "C=10");
        assertThat(sweep.maxParallel()).isZero();
        assertThat(sweep.anySuccess()).isFalse();
    }

    @Test
    void a_new_value_leaves_the_other_cells_hashes_as_they_were() throws IOException {
        String before = ConfigHash.of(load(SWEEP), "train");
        String after = ConfigHash.of(load(SWEEP.replace("SEED: [0, 1]", "SEED: [0, 1, 2]")
                .replace("max-parallel: 2", "max-parallel: 3")), "train");
        String otherImage = ConfigHash.of(load(SWEEP.replace("image: t:1", "image: t:2")), "train");

        assertThat(after).isEqualTo(before);
        assertThat(otherImage).isNotEqualTo(before);
        assertThat(ConfigHash.cell(before, "LR=0.001 SEED=0 AUG=true"))
                .isNotEqualTo(ConfigHash.cell(before, "LR=0.001 SEED=1 AUG=true"))
                .isEqualTo(ConfigHash.cell(after, "LR=0.001 SEED=0 AUG=true"));
    }

    @Test
    void what_contradicts_a_sweep_is_reported_at_its_key() throws IOException {
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    container_name: trainer
                    scale: 2
                    x-mlcompose:
                      role: service
                      matrix:
                        LR: [1, 2, 1]
                """)).containsExactly(
                "compose.yaml:4:21: services.train.container_name: container_name must be unique: a sweep has a container per cell",
                "compose.yaml:4:21: services.train.container_name: container_name must be unique: the service has 2 replicas",
                "compose.yaml:7:13: services.train.x-mlcompose.role: a sweep's cells run to completion: a matrix needs role job or train, not service",
                "compose.yaml:9:9: services.train.x-mlcompose.matrix: a sweep runs one container per cell: remove scale and deploy.replicas from this service",
                "compose.yaml:9:20: services.train.x-mlcompose.matrix.LR[2]: the value 1 is listed twice: two cells would be the same run");
    }

    @Test
    void a_matrix_is_bounded_and_its_keys_are_environment_names() throws IOException {
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose:
                      matrix:
                        A: [0, 1, 2, 3, 4, 5, 6, 7]
                        B: [0, 1, 2, 3, 4, 5, 6, 7]
                        C: [0, 1, 2, 3, 4]
                """)).containsExactly("compose.yaml:6:9: services.train.x-mlcompose.matrix: the matrix has 320 cells (one "
                + "container each); at most 256 are allowed: sweep in stages, or shorten the lists");
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose:
                      matrix: {learning-rate: [1], B: []}
                      max-parallel: 0
                """)).hasSize(3).allMatch(p -> p.startsWith("compose.yaml:5:") || p.startsWith("compose.yaml:6:"));
    }

    @Test
    void sweep_settings_without_a_matrix_are_errors() throws IOException {
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose: {max-parallel: 2, sweep-success: any}
                """)).containsExactly(
                "compose.yaml:4:33: services.train.x-mlcompose.max-parallel: max-parallel applies to a sweep: add a matrix",
                "compose.yaml:4:51: services.train.x-mlcompose.sweep-success: sweep-success applies to a sweep: add a matrix");
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose: {objective: {metric: loss}}
                """)).containsExactly("compose.yaml:4:30: services.train.x-mlcompose.objective: missing required key 'goal'");
    }

    @Test
    void inputs_from_needs_a_dependency_that_completes_and_outputs_are_absolute_paths() throws IOException {
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose: {role: train, outputs: [out]}
                """)).singleElement().asString().isEqualTo("compose.yaml:4:42: services.train.x-mlcompose.outputs[0]: must be an absolute path in the container, got \"out\"");
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose: {role: train, outputs: [/out]}
                  serve:
                    image: s:1
                    depends_on: [train]
                    x-mlcompose: {inputs-from: {train: /models}}
                """)).containsExactly("compose.yaml:8:40: services.serve.x-mlcompose.inputs-from.train: the outputs of "
                + "train exist once it has completed: add depends_on: {train: {condition: service_completed_successfully}}");
        assertThat(load("""
                services:
                  train:
                    image: t:1
                    x-mlcompose: {role: train, outputs: [/out]}
                  serve:
                    image: s:1
                    depends_on: {train: {condition: service_completed_successfully}}
                    x-mlcompose: {inputs-from: {train: /models}}
                """).service("serve").orElseThrow().ml().inputsFrom()).containsEntry("train", "/models");
    }
}
