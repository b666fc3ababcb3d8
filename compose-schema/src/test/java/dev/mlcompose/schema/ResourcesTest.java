package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.ByteSize;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits and reservations: the service-level keys and deploy.resources mean one thing in the model. */
class ResourcesTest {

    @TempDir
    Path dir;

    private Project load(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u"), file));
    }

    private static ContainerOptions options(Project project, String service) {
        return project.service(service).orElseThrow().options();
    }

    @Test
    void unlimited_swap_loads_prints_and_loads_back() throws IOException {
        Project first = load("compose.yaml", "services:\n  a: {image: a, mem_limit: 64m, memswap_limit: -1}\n");
        assertThat(options(first, "a").limits().memory().swapLimit()).contains(new ByteSize(-1));
        assertThat(ConfigPrinter.json(first, true)).contains("\"memswap_limit\": \"-1\""); // as compose prints it

        Project second = load("again.yaml", ConfigPrinter.yaml(first, true));
        assertThat(options(second, "a").limits().memory().swapLimit()).contains(new ByteSize(-1));
        assertThat(options(second, "a").limits().memory().limit()).contains(ByteSize.ofMebibytes(64));
    }

    @Test
    void deploy_limits_and_memory_reservation_fold_into_the_container_options() throws IOException {
        Project p = load("compose.yaml", """
                services:
                  train:
                    image: t
                    deploy:
                      resources:
                        limits: {cpus: "1.5", memory: 2g, pids: 64}
                        reservations: {cpus: "0.5", memory: 1g}
                """);
        ContainerOptions o = options(p, "train");
        assertThat(o.limits().cpu().cpus()).contains(1.5);
        assertThat(o.limits().memory().limit()).contains(ByteSize.ofMebibytes(2048));
        assertThat(o.limits().pids()).contains(64L);
        assertThat(o.limits().memory().reservation()).contains(ByteSize.ofMebibytes(1024));
        // a CPU reservation is a swarm setting: kept in the model, never a container option (compose create.go)
        Service train = p.service("train").orElseThrow();
        assertThat(train.resources().flatMap(Service.Resources::cpuReservation)).contains(0.5);
        assertThat(o.limits().cpu().shares()).isEmpty();
    }
}
