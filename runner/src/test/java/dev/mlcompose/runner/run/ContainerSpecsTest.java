package dev.mlcompose.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's resource settings as the container spec the engine adapter receives. */
class ContainerSpecsTest {

    @TempDir
    Path dir;

    private ContainerSpec spec(String service, String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        Project project = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
        return ContainerSpecs.of(project, project.service(service).orElseThrow(), 1, "hash");
    }

    private long nanoCpus(String setting) throws IOException {
        return spec("a", "services:\n  a: {image: a, " + setting + "}\n").resources().nanoCpus();
    }

    @Test
    void cpus_are_rounded_to_nano_cpus_not_truncated() throws IOException {
        // (long) (2.01 * 1e9) is 2009999999: the engine would then set a 200999 µs quota, not 201000
        assertThat(nanoCpus("cpus: 2.01")).isEqualTo(2_010_000_000L);
        assertThat(nanoCpus("cpus: 1.001")).isEqualTo(1_001_000_000L);
        assertThat(nanoCpus("deploy: {resources: {limits: {cpus: \"0.5\"}}}")).isEqualTo(500_000_000L);
    }

    @Test
    void limits_and_reservations_reach_the_spec() throws IOException {
        ContainerSpec.Resources r = spec("a", """
                services:
                  a:
                    image: a
                    deploy:
                      resources:
                        limits: {memory: 64m, pids: 100}
                        reservations: {cpus: "0.25", memory: 32m}
                    memswap_limit: -1
                    shm_size: 32m
                    cpu_shares: 512
                    cpuset: "0"
                """).resources();
        assertThat(r).isEqualTo(new ContainerSpec.Resources(0, 64 << 20, -1, 32 << 20, 100, 32 << 20, 512, "0"));
    }

    @Test
    void ulimits_keep_soft_and_hard() throws IOException {
        var ulimits = spec("a", "services:\n  a:\n    image: a\n"
                + "    ulimits: {nofile: {soft: 1024, hard: 2048}, stack: 8388608}\n").ulimits();
        assertThat(ulimits).containsEntry("nofile", new ContainerSpec.Ulimit(1024, 2048))
                .containsEntry("stack", new ContainerSpec.Ulimit(8388608, 8388608));
    }

    @Test
    void a_service_ipc_or_pid_mode_names_that_services_first_container() throws IOException {
        String yaml = """
                services:
                  trainer: {image: t, ipc: shareable}
                  loader: {image: l, ipc: "service:trainer", pid: "service:trainer"}
                  exporter: {image: e, ipc: host, pid: host}
                """;
        assertThat(spec("loader", yaml).ipc()).contains("container:demo-trainer-1");
        assertThat(spec("loader", yaml).pid()).contains("container:demo-trainer-1");
        assertThat(spec("exporter", yaml).ipc()).contains("host");
        assertThat(spec("trainer", yaml).ipc()).contains("shareable");
    }
}
