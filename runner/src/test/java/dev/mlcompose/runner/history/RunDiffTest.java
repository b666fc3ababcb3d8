package dev.mlcompose.runner.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.history.RunRecord.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code runs diff} reports between two runs, and how a record reads back. */
class RunDiffTest {

    @TempDir
    Path scratch;

    private static JobRecord job(Map<String, String> cell, double accuracy) {
        return RunRecordJobRecordBuilder.builder().service("train").cell(cell).container("p-train-1")
                .configHash("h").workHash("w").imageId("sha256:1").inputsKey("i").succeeded(true)
                .metrics(Map.of("accuracy", accuracy)).config(Map.of("image", "t:1")).build();
    }

    private static RunRecord run(String id, JobRecord... jobs) {
        return new RunRecord(id, "p", "mlcompose train", "2026-12-07T00:00:00Z", "2026-12-07T00:01:00Z", Map.of(),
                List.of(jobs), List.of());
    }

    @Test
    void a_job_alone_in_both_runs_is_compared_whatever_its_cell_so_the_changed_parameter_is_named() {
        var diff = RunDiff.of(run("a", job(Map.of("LR", "0.1"), 0.8)), run("b", job(Map.of("LR", "0.01"), 0.9)));

        assertThat(diff).singleElement().satisfies(d -> {
            assertThat(d.job()).isEqualTo("train[LR=0.1] / train[LR=0.01]");
            assertThat(d.parameters()).containsExactly(Map.entry("LR", List.of("0.1", "0.01")));
            assertThat(d.metrics()).containsExactly(Map.entry("accuracy", List.of(0.8, 0.9)));
            assertThat(d.config()).isEmpty();
            assertThat(d.imageChanged()).isFalse();
        });
    }

    @Test
    void cells_of_a_sweep_are_matched_by_their_values_and_a_new_value_is_in_one_run_only() {
        var a = run("a", job(Map.of("C", "1"), 0.5), job(Map.of("C", "5"), 0.7));
        var b = run("b", job(Map.of("C", "1"), 0.5), job(Map.of("C", "6"), 0.75));

        var diff = RunDiff.of(a, b);

        assertThat(diff).extracting(RunDiff.JobDiff::job, RunDiff.JobDiff::only, RunDiff.JobDiff::isEmpty)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("train[C=1]", "", true),
                        org.assertj.core.groups.Tuple.tuple("train[C=5]", "A", false),
                        org.assertj.core.groups.Tuple.tuple("train[C=6]", "B", false));
    }

    @Test
    void a_record_written_before_jobs_had_a_state_reads_as_ended_and_a_running_one_as_running() throws Exception {
        var history = RunHistory.at(scratch);
        history.write(run("20261207-000000-aaaa", job(Map.of(), 0.5).withState(RunRecord.JobState.RUNNING)));
        Path file = scratch.resolve("runs/20261207-000000-aaaa/run.json");
        assertThat(history.list()).singleElement().satisfies(r -> {
            assertThat(r.running()).isTrue();
            assertThat(r.jobs().get(0).result()).isEqualTo("running");
        });

        Files.writeString(file, Files.readString(file).replaceAll("\"state\" : \"RUNNING\",?", ""));

        assertThat(history.list()).singleElement().satisfies(r -> {
            assertThat(r.running()).isFalse();
            assertThat(r.jobs().get(0).state()).isEqualTo(RunRecord.JobState.ENDED);
            assertThat(r.jobs().get(0).result()).isEqualTo("succeeded");
        });
    }
}
