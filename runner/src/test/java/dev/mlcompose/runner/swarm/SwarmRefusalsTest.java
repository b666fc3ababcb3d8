package dev.mlcompose.runner.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One located line per key a Swarm cannot honour; a warning for those it only ignores. */
class SwarmRefusalsTest {

    @TempDir
    Path dir;

    private SwarmRefusals check(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return SwarmRefusals.of(ComposeLoader.load(LoadRequest.of(dir, Map.of()).withProjectName("p")));
    }

    private java.util.List<String> lines(java.util.List<Problem> problems) {
        return problems.stream().map(p -> p.toString().replace(dir + "/", "")).toList();
    }

    @Test
    void each_refused_key_is_one_line_at_its_key_with_what_to_do() throws IOException {
        var fit = check("""
                services:
                  a:
                    image: a
                    network_mode: host
                    shm_size: 1g
                    ports: ["127.0.0.1:80:80", "8000-8001:90"]
                    deploy:
                      resources:
                        reservations:
                          devices: [{capabilities: [gpu], device_ids: ["0"]}]
                    x-mlcompose: {matrix: {lr: [1, 2]}}
                """);
        assertThat(lines(fit.refused())).containsExactly(
                "compose.yaml:4:5: services.a.network_mode: Swarm services join networks: list them under networks:"
                        + " (the host's network is an external network named host)",
                "compose.yaml:5:5: services.a.shm_size: a Swarm cannot size /dev/shm; mount a tmpfs there instead"
                        + " (volumes: [{type: tmpfs, target: /dev/shm, tmpfs: {size: …}}])",
                "compose.yaml:6:13: services.a.ports.0.host_ip: a Swarm publishes on every address of a node; remove host_ip",
                "compose.yaml:6:32: services.a.ports.1.published: a Swarm publishes one port per target; write one entry per port",
                "compose.yaml:10:11: services.a.deploy.resources.reservations.devices: a Swarm picks the GPUs itself:"
                        + " reserve count: N instead of device_ids",
                "compose.yaml:11:19: services.a.x-mlcompose.matrix: sweeps run on one engine only, for now");
    }

    @Test
    void what_a_swarm_only_ignores_is_a_warning_and_a_counted_gpu_is_fine() throws IOException {
        var fit = check("""
                services:
                  a:
                    image: a
                    build: .
                    container_name: trainer
                    privileged: false
                    gpus: [{count: 1}]
                """);
        assertThat(fit.refused()).isEmpty();
        assertThat(lines(fit.warnings())).containsExactly(
                "compose.yaml:4:5: services.a.build: ignored: the nodes run the image a as its registry has it"
                        + " (mlcompose build && mlcompose push first)",
                "compose.yaml:5:5: services.a.container_name: ignored: a Swarm names its tasks itself");
    }
}
