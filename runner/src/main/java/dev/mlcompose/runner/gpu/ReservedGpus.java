package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.DeviceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GPUs as a device reservation ({@code deploy.resources.reservations.devices}, {@code gpus:}): the engine's device
 * request with driver {@code nvidia} or the {@code gpu} capability. The choice becomes its device IDs.
 */
public record ReservedGpus(DeviceRequest request) implements GpuRequest {

    static Optional<GpuRequest> in(ContainerSpec spec) {
        return spec.devices().requests().stream().filter(ReservedGpus::isGpu).findFirst().map(ReservedGpus::new);
    }

    /** A device request for GPUs: driver nvidia, or the gpu capability (any driver). */
    public static boolean isGpu(DeviceRequest d) {
        return d.driver().equals("nvidia") || d.capabilities().contains("gpu");
    }

    @Override
    public GpuClaim claim(boolean shared) {
        return GpuClaim.of(request, shared);
    }

    @Override
    public ContainerSpec assign(ContainerSpec spec, List<String> ids) {
        var requests = new ArrayList<>(others(spec));
        requests.add(new DeviceRequest(request.driver(), 0, ids, request.capabilities(), request.options()));
        return spec.withDevices(spec.devices().withRequests(requests));
    }

    @Override
    public ContainerSpec drop(ContainerSpec spec) {
        return spec.withDevices(spec.devices().withRequests(others(spec)));
    }

    private static List<DeviceRequest> others(ContainerSpec spec) {
        return spec.devices().requests().stream().filter(d -> !isGpu(d)).toList();
    }

    @Override
    public Optional<Unsupported> unsupported(GpuSupport engine) {
        return engine.hasDeviceDriver(request) ? Optional.empty() : Optional.of(new Unsupported(
                "the engine has no GPU runtime", "it cannot select device driver \"" + driver() + "\"",
                "Install the NVIDIA Container Toolkit on the engine's host"));
    }

    @Override
    public String asks() {
        return "reserves " + claim(false).describe();
    }

    @Override
    public String written() {
        return "driver " + driver();
    }

    private String driver() {
        return request.driver().isEmpty() ? "nvidia" : request.driver();
    }
}
