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
        assertThat(dev.mlcompose.runner.cli.output.Sizes.decimal(1985631)).isEqualTo("1.99MB"); // compose 2.26.1, busybox test image
        assertThat(dev.mlcompose.runner.cli.output.Sizes.decimal(0)).isEqualTo("0B");
        assertThat(dev.mlcompose.runner.cli.output.Sizes.decimal(999)).isEqualTo("999B");
        assertThat(dev.mlcompose.runner.cli.output.Sizes.decimal(1000)).isEqualTo("1kB");
        assertThat(dev.mlcompose.runner.cli.output.Sizes.decimal(74_800_000)).isEqualTo("74.8MB");
        // compose 2.26.1's stats of a busybox container: 812KiB of 23.54GiB
        assertThat(dev.mlcompose.runner.cli.output.Sizes.binary(831_488)).isEqualTo("812KiB");
        assertThat(dev.mlcompose.runner.cli.output.Sizes.binary(25_275_940_864L)).isEqualTo("23.54GiB");
    }

    @Test
    void cpu_and_memory_shares_are_the_docker_clis_arithmetic() {
        // a sample Engine 20.10 gave for an idle busybox (compose 2.26.1 showed 0.01% and 812KiB / 23.54GiB)
        var sample = new dev.mlcompose.runner.engine.ContainerStats(65_264, 2_010_000_000L, 2, 831_488,
                25_276_157_952L, 1600, 0, 0, 0, 2);
        assertThat(String.format(java.util.Locale.ROOT, "%.2f%%", sample.cpuPercent())).isEqualTo("0.01%");
        assertThat(new dev.mlcompose.runner.engine.ContainerStats(3, 2, 2, 1, 0, 0, 0, 0, 0, 1).cpuPercent())
                .as("two CPUs busy: 300%").isEqualTo(300.0);
        assertThat(sample.memoryPercent()).isLessThan(0.01);
        assertThat(new dev.mlcompose.runner.engine.ContainerStats(0, 0, 2, 5, 0, 0, 0, 0, 0, 1).memoryPercent())
                .as("no limit known").isZero();
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
