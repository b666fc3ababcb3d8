package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecordJobRecordBuilder;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs rm}: which runs go, read off the state directory alone. */
class RunsCommandTest {

    @TempDir
    Path dir;

    private String out;

    private int run(String... args) throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "name: p\nservices:\n  a:\n    image: busybox\n");
        var stdout = new StringWriter();
        int code = MlCompose.run(new PrintWriter(stdout), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Map.of("HOME", dir.toString(), "DOCKER_HOST", "tcp://127.0.0.1:9"),
                dir, args);
        out = stdout.toString();
        return code;
    }

    private static RunRecord record(String id, int minute, RunRecord.JobState state) {
        var job = RunRecordJobRecordBuilder.builder().service("a").container("p-a-1").configHash("h").imageId("i")
                .inputsKey("k").succeeded(true).state(state).build();
        String at = "2026-12-07T00:0" + minute + ":00Z";
        return new RunRecord(id, "p", "mlcompose up", at, at, Map.of(), List.of(job), List.of());
    }

    @Test
    void keep_deletes_all_but_the_newest_runs_and_never_one_whose_jobs_still_run() throws Exception {
        var history = RunHistory.at(dir.resolve(".mlcompose"));
        history.write(record("20261207-000100-0001", 1, RunRecord.JobState.ENDED));
        history.write(record("20261207-000200-0002", 2, RunRecord.JobState.RUNNING));
        history.write(record("20261207-000300-0003", 3, RunRecord.JobState.ENDED));
        history.write(record("20261207-000400-0004", 4, RunRecord.JobState.ENDED));

        assertThat(run("runs", "rm", "--keep", "1")).isZero();

        assertThat(out.lines()).containsExactly("20261207-000100-0001", "20261207-000300-0003");
        assertThat(history.list()).extracting(RunRecord::id)
                .containsExactly("20261207-000200-0002", "20261207-000400-0004");
    }

    @Test
    void rm_takes_one_way_of_choosing_runs() throws Exception {
        assertThat(run("runs", "rm")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("runs", "rm", "--all", "--keep", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("runs", "rm", "--keep", "-1")).isEqualTo(ExitCodes.USAGE);
    }
}
