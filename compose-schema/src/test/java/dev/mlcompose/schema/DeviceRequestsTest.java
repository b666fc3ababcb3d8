package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service.DeviceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device requests (deploy.resources.reservations.devices and gpus:): count defaults and option values. */
class DeviceRequestsTest {

    @TempDir
    Path dir;

    private Project load(String... files) {
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u"), files));
    }

    private List<DeviceRequest> devices(Project p, String service) {
        return p.service(service).orElseThrow().resources().orElseThrow().devices();
    }

    @Test
    void with_neither_count_nor_device_ids_a_request_is_for_all_devices() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  train:
                    image: t
                    deploy:
                      resources:
                        reservations:
                          devices:
                            - {driver: nvidia, capabilities: [gpu]}
                            - {driver: nvidia, device_ids: ["1"], capabilities: [gpu]}
                            - {driver: nvidia, count: 2, capabilities: [gpu]}
                  notebook:
                    image: n
                    gpus:
                      - capabilities: [gpu]
                """);
        Project p = load();
        assertThat(devices(p, "train")).extracting(DeviceRequest::count)
                .containsExactly(Optional.of(-1L), Optional.empty(), Optional.of(2L));
        assertThat(devices(p, "notebook")).extracting(DeviceRequest::count).containsExactly(Optional.of(-1L));
    }

    @Test
    void option_values_are_strings_as_compose_prints_them() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  train:
                    image: t
                    gpus:
                      - {count: 1, options: {virtualization: false, mig: 1, profile: 1g.10gb}}
                """);
        assertThat(devices(load(), "train").get(0).options())
                .isEqualTo(Map.of("mig", "1", "profile", "1g.10gb", "virtualization", "false"));
    }
}
