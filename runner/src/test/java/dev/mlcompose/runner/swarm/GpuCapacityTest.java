package dev.mlcompose.runner.swarm;

import static dev.mlcompose.runner.swarm.FakeCluster.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Free GPUs per node: advertised less held by unfinished tasks, on ready nodes only. */
class GpuCapacityTest {

    private static com.fasterxml.jackson.databind.JsonNode node(String id, String state, int gpus) {
        var named = new StringBuilder();
        for (int i = 0; i < gpus; i++) {
            named.append(i == 0 ? "" : ",").append("{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-")
                    .append(id).append('-').append(i).append("\"}}");
        }
        return tree("{\"ID\":\"" + id + "\",\"Status\":{\"State\":\"" + state + "\"},\"Description\":{\"Resources\":"
                + "{\"GenericResources\":[" + named + "]}}}");
    }

    private static com.fasterxml.jackson.databind.JsonNode task(String node, String state) {
        return tree("{\"NodeID\":\"" + node + "\",\"Status\":{\"State\":\"" + state + "\"},\"GenericResources\":"
                + "[{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-" + node + "-0\"}}]}");
    }

    @Test
    void a_gpu_held_by_a_running_task_is_not_free_and_one_whose_task_ended_is() {
        var nodes = List.of(node("a", "ready", 2), node("b", "ready", 2), node("c", "down", 4));
        assertThat(GpuCapacity.mostFree(nodes, List.of())).isEqualTo(2);
        assertThat(GpuCapacity.mostFree(nodes, List.of(task("a", "running"), task("b", "starting")))).isEqualTo(1);
        assertThat(GpuCapacity.mostFree(nodes, List.of(task("a", "running"), task("a", "running"), task("b", "running"),
                task("b", "complete")))).isEqualTo(1);
        assertThat(GpuCapacity.mostFree(nodes, List.of(task("a", "running"), task("a", "running"), task("b", "running"),
                task("b", "running")))).as("the down node's GPUs do not count").isZero();
    }
}
