package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.CreatedContainer;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.gpu.GpuClaim;
import dev.mlcompose.runner.gpu.GpuInventory;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The GPU side of one run. Before anything is created it checks that the engine has a GPU runtime for
 * every service that reserves GPUs (the engine itself would accept the container and fail it at start,
 * after half the stack is up); such a service fails at once, or runs on CPU where the user allowed it.
 * Each container is then created with distinct GPUs from the {@link GpuAllocator}.
 */
final class GpuScheduling implements AutoCloseable {

    private final Engine engine;
    private final GpuOptions options;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final Set<String> onCpu = ConcurrentHashMap.newKeySet();
    private final Duration waitLimit;
    private GpuInventory inventory = GpuInventory.UNKNOWN;
    private GpuAllocator allocator;

    GpuScheduling(Engine engine, GpuOptions options, Duration waitLimit, ProgressListener progress,
                  Consumer<String> warnings) {
        this.engine = engine;
        this.options = options;
        this.waitLimit = waitLimit;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Fails (naming each service and the fix) when a GPU service cannot run here and may not fall back. */
    void preflight(Project project, Set<String> services) {
        var probed = new HashMap<String, Boolean>();
        var failures = new ArrayList<String>();
        var failing = new ArrayList<String>();
        int onGpu = 0;
        for (String name : services) {
            Service service = project.service(name).orElseThrow();
            Optional<DeviceRequest> gpu = GpuClaim.gpuRequest(ContainerSpecs.devices(service));
            if (gpu.isEmpty()) {
                continue;
            }
            String key = gpu.get().driver() + gpu.get().capabilities();
            boolean supported = probed.computeIfAbsent(key, k -> engine.supportsDevices(gpu.get(),
                    ContainerSpecs.image(project, service), Map.of(Labels.PROJECT, project.name(), Labels.ONEOFF, "True")));
            String wants = GpuClaim.of(gpu.get(), false).describe();
            if (supported) {
                onGpu++;
                continue;
            }
            if (options.cpuFallback() || service.ml().cpuFallback()) {
                onCpu.add(name);
                warnings.accept("service " + name + " reserves " + wants + " but the engine has no GPU runtime: "
                        + "running it on CPU (cpu-fallback)");
            } else {
                failing.add(name);
                failures.add("service " + name + " reserves " + wants + " (driver " + driver(gpu.get())
                        + ") but the engine has no GPU runtime (it cannot select device driver \"" + driver(gpu.get())
                        + "\"). Install the NVIDIA Container Toolkit on the engine's host, or run it on CPU with "
                        + "--cpu-fallback or x-mlcompose: {cpu-fallback: true}");
            }
        }
        if (!failures.isEmpty()) {
            throw new ServiceFailure(String.join(",", failing), String.join("\n", failures));
        }
        if (onGpu > 0) {
            inventory = options.inventory().orElseGet(() -> GpuInventory.detect(Optional.empty(), Map.of()));
            if (inventory.isKnown()) {
                allocator = new GpuAllocator(engine, inventory, options.policy(), waitLimit);
            } else {
                warnings.accept("no GPU inventory (no nvidia-smi here, MLCOMPOSE_GPUS unset): GPU requests go to the "
                        + "engine as written, so services asking for count: N all get the first N GPUs");
            }
        }
    }

    /** Creates a container with its GPUs assigned (or removed, on CPU fallback); returns its id. */
    String create(Service service, ContainerSpec spec) {
        Optional<DeviceRequest> gpu = GpuClaim.gpuRequest(spec.devices().requests());
        if (gpu.isEmpty() || (allocator == null && !onCpu.contains(service.name()))) {
            return created(service, engine.create(spec));
        }
        List<DeviceRequest> others = spec.devices().requests().stream().filter(d -> !GpuClaim.isGpu(d)).toList();
        if (onCpu.contains(service.name())) {
            return created(service, engine.create(withDevices(spec, others, Map.of(GpuAllocator.FALLBACK_LABEL, "cpu"))));
        }
        GpuClaim claim = GpuClaim.of(gpu.get(), service.ml().shareGpus());
        try {
            return assign(service, spec, gpu.get(), others, claim);
        } catch (GpuAllocator.Unavailable e) {
            throw new ServiceFailure(service.name(), e.getMessage(), e);
        }
    }

    private String assign(Service service, ContainerSpec spec, DeviceRequest gpu, List<DeviceRequest> others,
                          GpuClaim claim) {
        return allocator.assign(spec.name(), claim, assignment -> {
            var devices = new ArrayList<>(others);
            DeviceRequest r = gpu;
            devices.add(new DeviceRequest(r.driver(), 0, assignment.deviceIds(), r.capabilities(), r.options()));
            String id = created(service, engine.create(withDevices(spec, devices, assignment.labels())));
            progress.on("Container", spec.name(), "Assigned", "GPU " + String.join(",", assignment.deviceIds()));
            return id;
        });
    }

    /** The same container with other device requests and extra labels (the GPUs chosen, or none on CPU). */
    private static ContainerSpec withDevices(ContainerSpec spec, List<DeviceRequest> requests, Map<String, String> labels) {
        var all = new java.util.LinkedHashMap<>(spec.labels());
        all.putAll(labels);
        return spec.withDevices(spec.devices().withRequests(requests)).withLabels(all);
    }

    /** The new container's id; what the engine discarded of its settings is said, with the service's name. */
    private String created(Service service, CreatedContainer created) {
        created.warnings().forEach(w -> warnings.accept("service " + service.name() + ": the engine says: " + w));
        return created.id();
    }

    private static String driver(DeviceRequest r) {
        return r.driver().isEmpty() ? "nvidia" : r.driver();
    }

    @Override
    public void close() {
        if (allocator != null) {
            allocator.close();
        }
    }
}
