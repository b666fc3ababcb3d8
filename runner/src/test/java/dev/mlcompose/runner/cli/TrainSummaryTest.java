package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.run.JobReport;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train} prints after a sweep, and the exit code it ends with. */
class TrainSummaryTest {

    @TempDir
    Path dir;

    private Project project(String success) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  train:
                    image: t
                    x-mlcompose:
                      matrix: {C: [1, 10, 100]}
                      sweep-success: %s
                      objective: {metric: loss, goal: min}
                """.formatted(success));
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    private static JobReport cell(String cell, int exit, Map<String, Double> metrics) {
        return new JobReport("train", "demo-train-x", 1, 1, Duration.ofMillis(1500), exit, exit == 0, "",
                Optional.empty(), exit == 0 ? "" : "exited with code " + exit, cell, metrics);
    }

    private final List<JobReport> reports = List.of(cell("C=1", 0, Map.of("loss", 0.4)),
            cell("C=10", 0, Map.of("loss", 0.2, "acc", 0.9)), cell("C=100", 3, Map.of()));

    @Test
    void cells_are_ranked_by_the_objective_best_first_and_failed_ones_last() throws IOException {
        var summary = new TrainSummary(project("all"), reports);

        assertThat(summary.text(new Style(false))).isEqualTo("""
                train: 2 of 3 cells succeeded; best C=10 (loss 0.2, lowest)
                  CELL    RESULT      ATTEMPTS   DURATION   EXIT   GPUS   loss   acc
                  C=10    succeeded   1/1        1.5s       0      none   0.2    0.9
                  C=1     succeeded   1/1        1.5s       0      none   0.4    -
                  C=100   failed      1/1        1.5s       3      none   -      -
                  C=100 failed: exited with code 3
                """);
        assertThat(summary.json()).map(r -> r.get("cell")).containsExactly(Map.of("C", "10"), Map.of("C", "1"),
                Map.of("C", "100"));
        assertThat(summary.json().get(0)).containsEntry("best", true);
    }

    @Test
    void a_failed_cell_fails_train_unless_one_success_is_enough() throws IOException {
        assertThat(new TrainSummary(project("all"), reports).exitCode()).isEqualTo(3);
        assertThat(new TrainSummary(project("any"), reports).exitCode()).isZero();
        assertThat(new TrainSummary(project("any"), List.of(cell("C=100", 3, Map.of()))).exitCode()).isEqualTo(3);
    }
}
