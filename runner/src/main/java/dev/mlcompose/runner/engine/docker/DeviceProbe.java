package dev.mlcompose.runner.engine.docker;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecDevicesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.ContainerSpecProcessBuilder;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Finds out whether the engine has a driver for a device request. The engine accepts such a container at
 * create and only fails at start ("could not select device driver"), so the probe creates one whose
 * entrypoint does not exist, starts it, and reads the error: with a driver, start fails later, on the
 * missing entrypoint, and nothing ever runs.
 */
final class DeviceProbe {

    private static final String NO_DRIVER = "could not select device driver";

    private DeviceProbe() {
    }

    static boolean supports(Engine engine, DeviceRequest request, String image, Map<String, String> labels) {
        var probe = new DeviceRequest(request.driver(), 0, List.of(), request.capabilities(), Map.of());
        ContainerSpec spec = ContainerSpecBuilder.builder()
                .name("mlcompose-device-probe-" + UUID.randomUUID().toString().substring(0, 8)).image(image)
                .labels(labels).process(ContainerSpecProcessBuilder.builder()
                        .entrypoint(List.of("/mlcompose-device-probe")).build())
                .networking(ContainerSpecNetworkingBuilder.builder().mode("none").build())
                .devices(ContainerSpecDevicesBuilder.builder().requests(List.of(probe)).build()).build();
        String id = null;
        try {
            id = engine.create(spec).id();
            engine.start(id);
            return true;
        } catch (EngineException e) {
            return !e.getMessage().contains(NO_DRIVER);
        } finally {
            if (id != null) {
                engine.remove(id, true);
            }
        }
    }
}
