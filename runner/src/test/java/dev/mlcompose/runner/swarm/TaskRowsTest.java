package dev.mlcompose.runner.swarm;

import static dev.mlcompose.runner.swarm.FakeCluster.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ps} on a Swarm: a row per current task, with its node's hostname and the GPUs it was given. */
class TaskRowsTest {

    private static final List<com.fasterxml.jackson.databind.JsonNode> NODES = List.of(
            tree("{\"ID\":\"n2\",\"Description\":{\"Hostname\":\"mlc-n2\"}}"));

    @Test
    void a_current_task_shows_its_node_and_gpus_and_a_replaced_one_only_with_all() {
        var services = List.of(tree("{\"ID\":\"s1\",\"Spec\":{\"Name\":\"p_train\"}}"));
        var running = tree("{\"ID\":\"t1aaaaaaaaaaaaaa\",\"Slot\":1,\"NodeID\":\"n2\",\"DesiredState\":\"running\","
                + "\"UpdatedAt\":\"2026-12-07T10:00:02Z\",\"Status\":{\"State\":\"running\"},\"GenericResources\":"
                + "[{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-n2-0\"}}]}");
        var replaced = tree("{\"ID\":\"t0aaaaaaaaaaaaaa\",\"Slot\":1,\"NodeID\":\"n2\",\"DesiredState\":\"shutdown\","
                + "\"UpdatedAt\":\"2026-12-07T10:00:01Z\",\"Status\":{\"State\":\"shutdown\"}}");
        var tasks = Map.of("s1", List.of(running, replaced));

        var rows = TaskRows.of("p", services, tasks, NODES, false);
        assertThat(rows).containsExactly(new TaskRows.Row("t1aaaaaaaaaaaaaa", "p_train.1", "train", "mlc-n2", "running",
                "running", 0, "GPU-n2-0", ""));
        assertThat(TaskRows.of("p", services, tasks, NODES, true)).hasSize(2);
    }

    @Test
    void a_job_that_failed_still_shows_its_last_task_with_the_exit_code_and_why() {
        var services = List.of(tree("{\"ID\":\"s1\",\"Spec\":{\"Name\":\"p_prepare\"}}"));
        var failed = tree("{\"ID\":\"abcdefabcdefabcdef\",\"NodeID\":\"n2\",\"DesiredState\":\"shutdown\","
                + "\"UpdatedAt\":\"2026-12-07T10:00:01Z\",\"Status\":{\"State\":\"failed\",\"Err\":"
                + "\"task: non-zero exit (3)\",\"ContainerStatus\":{\"ExitCode\":3}}}");
        assertThat(TaskRows.of("p", services, Map.of("s1", List.of(failed)), NODES, false)).containsExactly(
                new TaskRows.Row("abcdefabcdefabcdef", "p_prepare.abcdefabcdef", "prepare", "mlc-n2", "shutdown",
                        "failed", 3, "", "task: non-zero exit (3)"));
    }
}
