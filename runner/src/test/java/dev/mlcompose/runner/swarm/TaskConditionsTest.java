package dev.mlcompose.runner.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.plan.Condition;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Conditions read from task states as a Swarm reports them (the states measured on Engine 26.1). */
class TaskConditionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode task(String desired, String state, int exit, String err, long iteration) throws Exception {
        return JSON.readTree("{\"DesiredState\":\"" + desired + "\",\"JobIteration\":{\"Index\":" + iteration + "},"
                + "\"Status\":{\"State\":\"" + state + "\",\"Err\":" + (err == null ? "null" : "\"" + err + "\"")
                + ",\"ContainerStatus\":{\"ExitCode\":" + exit + "}}}");
    }

    @Test
    void a_healthchecked_task_is_started_while_starting_and_healthy_only_once_running() throws Exception {
        var starting = List.of(task("running", "starting", 0, null, 0));
        assertThat(TaskConditions.of(Condition.STARTED, starting, Optional.empty(), 1)).isInstanceOf(Verdict.Met.class);
        assertThat(TaskConditions.of(Condition.HEALTHY, starting, Optional.empty(), 1))
                .isEqualTo(new Verdict.Waiting("starting"));
        var running = List.of(task("running", "running", 0, null, 0));
        assertThat(TaskConditions.of(Condition.HEALTHY, running, Optional.empty(), 1)).isInstanceOf(Verdict.Met.class);
    }

    @Test
    void the_tasks_of_a_removed_service_count_for_nothing() throws Exception {
        var removed = List.of(task("remove", "running", 0, null, 0));
        assertThat(TaskConditions.of(Condition.STARTED, removed, Optional.empty(), 1))
                .isEqualTo(new Verdict.Waiting("no task yet"));
    }

    @Test
    void a_job_completes_with_exit_0_and_fails_with_its_exit_code() throws Exception {
        var done = List.of(task("complete", "complete", 0, null, 0));
        assertThat(TaskConditions.of(Condition.COMPLETED_SUCCESSFULLY, done, Optional.of(0L), 1))
                .isInstanceOf(Verdict.Met.class);
        var failed = List.of(task("shutdown", "failed", 3, "task: non-zero exit (3)", 0));
        assertThat(TaskConditions.of(Condition.COMPLETED_SUCCESSFULLY, failed, Optional.of(0L), 1))
                .isEqualTo(new Verdict.Failed("task: non-zero exit (3)", 3, Verdict.Cause.FAILED));
    }

    @Test
    void only_the_current_run_of_a_job_counts() throws Exception {
        var tasks = List.of(task("complete", "complete", 0, null, 0), task("running", "running", 0, null, 1));
        assertThat(TaskConditions.of(Condition.COMPLETED_SUCCESSFULLY, tasks, Optional.of(1L), 1))
                .isEqualTo(new Verdict.Waiting("running"));
    }
}
