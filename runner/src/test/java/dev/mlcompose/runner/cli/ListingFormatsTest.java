package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.ContainerState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListingFormatsTest {

    @Test
    void sizes_read_as_the_docker_cli_writes_them() {
        assertThat(InspectCommands.Images.humanSize(1985631)).isEqualTo("1.99MB"); // compose 2.26.1, busybox test image
        assertThat(InspectCommands.Images.humanSize(0)).isEqualTo("0B");
        assertThat(InspectCommands.Images.humanSize(999)).isEqualTo("999B");
        assertThat(InspectCommands.Images.humanSize(1000)).isEqualTo("1kB");
        assertThat(InspectCommands.Images.humanSize(74_800_000)).isEqualTo("74.8MB");
    }

    @Test
    void repository_and_tag_come_from_the_tag_the_container_names() {
        assertThat(InspectCommands.Images.repositoryAndTag("mlcompose-test/busybox:1",
                List.of("other:2", "mlcompose-test/busybox:1"))).containsExactly("mlcompose-test/busybox", "1");
        assertThat(InspectCommands.Images.repositoryAndTag("sha256:abc", List.of("localhost:5000/model:latest")))
                .containsExactly("localhost:5000/model", "latest");
        assertThat(InspectCommands.Images.repositoryAndTag("sha256:abc", List.of())).containsExactly("<none>", "<none>");
    }

    @Test
    void a_projects_status_counts_each_state_in_alphabetical_order() {
        assertThat(LifecycleCommands.Ls.combinedStatus(List.of(state("running"), state("exited"), state("running"))))
                .isEqualTo("exited(1), running(2)");
    }

    private static ContainerState state(String status) {
        return new ContainerState("id", "name", "image", Map.of(), status, 0, false, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), List.of(), 0, List.of());
    }
}
