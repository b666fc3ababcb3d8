package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecCpuBuilder;
import dev.mlcompose.runner.engine.ContainerSpecEndpointBuilder;
import dev.mlcompose.runner.engine.ContainerSpecMemoryBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.ContainerSpecResourcesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecStorageBuilder;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.MountBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Engine API body of a container create: what compose's create.go sends for the same settings. */
class CreateRequestsTest {

    private static final ContainerSpec BARE = ContainerSpecBuilder.builder().name("c").image("img").build();

    private static JsonNode host(ContainerSpec.Resources resources) {
        return CreateRequests.container(BARE.withResources(resources), "1.41").path("HostConfig");
    }

    @Test
    void limits_are_sent_as_compose_sends_them() {
        JsonNode h = host(ContainerSpecResourcesBuilder.builder()
                .cpu(ContainerSpecCpuBuilder.builder().nanoCpus(500_000_000L).shares(512).cpuset("0").period(100_000)
                        .quota(50_000).build())
                .memory(ContainerSpecMemoryBuilder.builder().limit(64 << 20).swap(128 << 20).reservation(32 << 20)
                        .shmSize(32 << 20).swappiness(60L).oomScoreAdj(200).build())
                .pidsLimit(100).build());
        assertThat(h.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(h.path("Memory").asLong()).isEqualTo(64L << 20);
        assertThat(h.path("MemorySwap").asLong()).isEqualTo(128L << 20);
        assertThat(h.path("MemoryReservation").asLong()).isEqualTo(32L << 20);
        assertThat(h.path("PidsLimit").asLong()).isEqualTo(100L);
        assertThat(h.path("ShmSize").asLong()).isEqualTo(32L << 20);
        assertThat(h.path("CpuShares").asInt()).isEqualTo(512);
        assertThat(h.path("CpusetCpus").asText()).isEqualTo("0");
        assertThat(h.path("CpuPeriod").asLong()).isEqualTo(100_000);
        assertThat(h.path("CpuQuota").asLong()).isEqualTo(50_000);
        assertThat(h.path("MemorySwappiness").asLong()).isEqualTo(60);
        assertThat(h.path("OomScoreAdj").asInt()).isEqualTo(200);
    }

    @Test
    void minus_one_is_unlimited_swap_and_pids_and_zero_is_unset() {
        JsonNode unlimited = host(ContainerSpecResourcesBuilder.builder()
                .memory(ContainerSpecMemoryBuilder.builder().limit(64 << 20).swap(-1).build()).pidsLimit(-1).build());
        assertThat(unlimited.path("MemorySwap").asLong()).isEqualTo(-1L);
        assertThat(unlimited.path("PidsLimit").asLong()).isEqualTo(-1L);

        JsonNode none = host(ContainerSpecResourcesBuilder.builder().build());
        for (String unset : List.of("NanoCpus", "Memory", "MemorySwap", "PidsLimit", "ShmSize", "CpuShares",
                "MemorySwappiness", "OomScoreAdj", "BlkioWeight", "Devices", "DeviceRequests")) {
            assertThat(none.has(unset)).as(unset).isFalse();
        }
        assertThat(none.path("OomKillDisable").isBoolean()).as("sent even when false, as compose sends it").isTrue();
    }

    @Test
    void short_syntax_binds_go_as_bind_strings_and_other_mounts_as_mounts() {
        var storage = ContainerSpecStorageBuilder.builder().mounts(List.of(
                MountBuilder.builder().type("bind").source("/src").target("/data").readOnly(true).createHostPath(true)
                        .selinux("z").build(),
                MountBuilder.builder().type("bind").source("/b").target("/b").propagation("rslave").build(),
                MountBuilder.builder().type("volume").source("p_vol").target("/v").noCopy(true).subpath("sub").build(),
                MountBuilder.builder().type("tmpfs").target("/cache").tmpfsSize(10 << 20).tmpfsMode(01777).build(),
                Mount.of("volume", "", "/anon", false))).build();
        JsonNode h = CreateRequests.container(BARE.withStorage(storage), "1.41").path("HostConfig");

        assertThat(h.path("Binds").toString()).isEqualTo("[\"/src:/data:ro,z\"]");
        JsonNode mounts = h.path("Mounts");
        assertThat(mounts).hasSize(4);
        assertThat(mounts.get(0).toString())
                .isEqualTo("{\"Type\":\"bind\",\"Target\":\"/b\",\"Source\":\"/b\",\"ReadOnly\":false,"
                        + "\"BindOptions\":{\"Propagation\":\"rslave\"}}");
        assertThat(mounts.get(1).path("VolumeOptions").toString()).isEqualTo("{\"NoCopy\":true,\"Subpath\":\"sub\"}");
        assertThat(mounts.get(2).path("TmpfsOptions").toString()).isEqualTo("{\"SizeBytes\":10485760,\"Mode\":1023}");
        assertThat(mounts.get(3).has("Source")).as("an anonymous volume has no source").isFalse();
    }

    @Test
    void before_api_1_44_only_the_first_network_is_joined_at_create_and_the_mac_is_the_containers() {
        var networking = ContainerSpecNetworkingBuilder.builder().endpoints(List.of(
                ContainerSpecEndpointBuilder.builder().network("p_front").aliases(List.of("c", "web"))
                        .ipv4Address("172.28.0.10").build(),
                ContainerSpecEndpointBuilder.builder().network("p_back").build())).macAddress("02:42:ac:11:65:43")
                .build();
        JsonNode old = CreateRequests.container(BARE.withNetworking(networking), "1.41");
        JsonNode current = CreateRequests.container(BARE.withNetworking(networking), "1.44");

        assertThat(old.path("HostConfig").path("NetworkMode").asText()).isEqualTo("p_front");
        assertThat(old.path("MacAddress").asText()).isEqualTo("02:42:ac:11:65:43");
        assertThat(old.path("NetworkingConfig").path("EndpointsConfig").size()).isEqualTo(1);
        assertThat(old.at("/NetworkingConfig/EndpointsConfig/p_front/IPAMConfig/IPv4Address").asText())
                .isEqualTo("172.28.0.10");
        assertThat(old.at("/NetworkingConfig/EndpointsConfig/p_front/Aliases").toString()).isEqualTo("[\"c\",\"web\"]");

        assertThat(current.has("MacAddress")).isFalse();
        assertThat(current.path("NetworkingConfig").path("EndpointsConfig").size()).isEqualTo(2);
        assertThat(current.at("/NetworkingConfig/EndpointsConfig/p_front/MacAddress").asText())
                .isEqualTo("02:42:ac:11:65:43");
    }

    @Test
    void a_namespace_mode_joins_no_network() {
        var networking = ContainerSpecNetworkingBuilder.builder().mode("container:p-db-1").build();
        JsonNode body = CreateRequests.container(BARE.withNetworking(networking), "1.41");
        assertThat(body.path("HostConfig").path("NetworkMode").asText()).isEqualTo("container:p-db-1");
        assertThat(body.has("NetworkingConfig")).isFalse();
    }
}
