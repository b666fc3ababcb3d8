package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.mlcompose.runner.engine.ContainerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The create request docker-java sends for a spec's resources: what compose's create.go sets. */
class CreateRequestsTest {

    private static HostConfig host(ContainerSpec.Resources resources) {
        var spec = new ContainerSpec("c", "img", Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), Map.of(), Optional.empty(),
                Optional.empty(), List.of(), Map.of(), Optional.empty(), Optional.empty(), 0, false, false, false,
                false, false, Optional.empty(), Optional.empty(), resources, List.of(), List.of(), List.of(), List.of(),
                Map.of(), Map.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());
        // nothing is sent: the command is only filled
        return CreateRequests.fill(new CreateContainerCmdImpl(cmd -> null, null, "img"), spec).getHostConfig();
    }

    @Test
    void limits_are_sent_as_compose_sends_them() {
        HostConfig h = host(new ContainerSpec.Resources(500_000_000L, 64 << 20, 128 << 20, 32 << 20, 100, 32 << 20,
                512, "0"));
        assertThat(h.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(h.getMemory()).isEqualTo(64L << 20);
        assertThat(h.getMemorySwap()).isEqualTo(128L << 20);
        assertThat(h.getMemoryReservation()).isEqualTo(32L << 20);
        assertThat(h.getPidsLimit()).isEqualTo(100L);
        assertThat(h.getShmSize()).isEqualTo(32L << 20);
        assertThat(h.getCpuShares()).isEqualTo(512);
        assertThat(h.getCpusetCpus()).isEqualTo("0");
    }

    @Test
    void minus_one_is_unlimited_swap_and_pids_and_zero_is_unset() {
        HostConfig unlimited = host(new ContainerSpec.Resources(0, 64 << 20, -1, 0, -1, 0, 0, ""));
        assertThat(unlimited.getMemorySwap()).isEqualTo(-1L);
        assertThat(unlimited.getPidsLimit()).isEqualTo(-1L);

        HostConfig none = host(ContainerSpec.Resources.NONE);
        assertThat(none.getNanoCPUs()).isNull();
        assertThat(none.getMemory()).isNull();
        assertThat(none.getMemorySwap()).isNull();
        assertThat(none.getPidsLimit()).isNull();
        assertThat(none.getShmSize()).isNull();
        assertThat(none.getCpuShares()).isNull();
    }
}
