package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.DeviceRequest;
import java.util.List;
import java.util.Optional;

/** What the engine has for GPUs, as far as the GPU requests need to know (answered by probes and engine info). */
public interface GpuSupport {

    /** Whether the engine has a device driver for the request's driver and capabilities. */
    boolean hasDeviceDriver(DeviceRequest request);

    /** The OCI runtimes the engine knows ({@code runc}, {@code nvidia}…). */
    List<String> runtimes();

    /** The engine's words when it would not start a container with these CDI devices; empty when it would. */
    Optional<String> cdiRefusal(List<String> names);
}
