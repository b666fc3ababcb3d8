package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecDevicesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.gpu.CdiGpus;
import dev.mlcompose.runner.gpu.GpuSupport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's GPU answers for one preflight, each asked once: device drivers by a device probe, runtimes from the
 * engine's info, CDI names by a start probe (the engine resolves them only at start). Probes are containers of
 * {@code image} that never run their process, labelled so that {@code down} removes one a killed run left behind.
 */
final class EngineGpuSupport implements GpuSupport {

    private final Engine engine;
    private final String image;
    private final Map<String, String> labels;
    private final Map<String, Boolean> drivers = new ConcurrentHashMap<>();
    private final Map<List<String>, Optional<String>> cdi = new ConcurrentHashMap<>();
    private volatile List<String> runtimes;

    EngineGpuSupport(Engine engine, String project, String image) {
        this.engine = engine;
        this.image = image;
        this.labels = Map.of(Labels.PROJECT, project, Labels.ONEOFF, "True");
    }

    @Override
    public boolean hasDeviceDriver(DeviceRequest request) {
        return drivers.computeIfAbsent(request.driver() + request.capabilities(),
                k -> engine.supportsDevices(request, image, labels));
    }

    @Override
    public List<String> runtimes() {
        if (runtimes == null) {
            runtimes = engine.info().runtimes();
        }
        return runtimes;
    }

    @Override
    public Optional<String> cdiRefusal(List<String> names) {
        return cdi.computeIfAbsent(List.copyOf(names), n -> engine.startRefusal(probe(n)));
    }

    private ContainerSpec probe(List<String> names) {
        String name = "mlcompose-gpu-probe-" + UUID.randomUUID().toString().substring(0, 8);
        return ContainerSpecBuilder.builder().name(name).image(image).labels(labels)
                .networking(ContainerSpecNetworkingBuilder.builder().mode("none").build())
                .devices(ContainerSpecDevicesBuilder.builder()
                        .requests(List.of(new DeviceRequest(CdiGpus.DRIVER, 0, names, List.of(), Map.of()))).build())
                .build();
    }
}
