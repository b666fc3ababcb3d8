package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.CreatedContainer;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.gpu.GpuInventory;
import dev.mlcompose.runner.gpu.GpuRequest;
import dev.mlcompose.runner.gpu.GpuRequest.Unsupported;
import dev.mlcompose.runner.gpu.NvidiaRuntimeGpus;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.ContainerSpecs;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The GPU side of one run, for every form of GPU request ({@link GpuRequest}: reservations, CDI GPU names,
 * {@code runtime: nvidia}). Before anything is created it checks that the engine can serve each service's GPU
 * requests (the engine itself would accept the container and fail it at start, after half the stack is up); such a
 * service fails at once, or runs on CPU where the user allowed it. Each container is then created with distinct
 * GPUs from the {@link GpuAllocator}.
 */
final class GpuScheduling implements AutoCloseable {

    private final Engine engine;
    private final GpuOptions options;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final Set<String> onCpu = ConcurrentHashMap.newKeySet();
    private final Duration waitLimit;
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
        Map<Service, ContainerSpec> specs = gpuSpecs(project, services);
        if (specs.isEmpty()) {
            return;
        }
        var support = new EngineGpuSupport(engine, project.name(), specs.values().iterator().next().image());
        var failures = new LinkedHashMap<String, String>();
        specs.forEach((service, spec) -> check(service, spec, support).ifPresent(f -> failures.put(service.name(), f)));
        if (!failures.isEmpty()) {
            throw new ServiceFailure(String.join(",", failures.keySet()), String.join("\n", failures.values()));
        }
        boolean onGpu = specs.entrySet().stream()
                .anyMatch(e -> !onCpu.contains(e.getKey().name()) && !GpuRequest.in(e.getValue()).isEmpty());
        if (onGpu) {
            allocate(options.inventory().orElseGet(() -> GpuInventory.detect(Optional.empty(), Map.of())));
        }
    }

    /** The containers of the services that ask for GPUs, or for the nvidia runtime without GPUs. */
    private static Map<Service, ContainerSpec> gpuSpecs(Project project, Set<String> services) {
        var specs = new LinkedHashMap<Service, ContainerSpec>();
        for (String name : services) {
            Service service = project.service(name).orElseThrow();
            ContainerSpec spec = ContainerSpecs.of(project, service, 1, "");
            if (!GpuRequest.in(spec).isEmpty() || NvidiaRuntimeGpus.usesRuntime(spec)) {
                specs.put(service, spec);
            }
        }
        return specs;
    }

    /** The service's failure, if it has one; a service that may fall back is put on CPU, with a warning. */
    private Optional<String> check(Service service, ContainerSpec spec, EngineGpuSupport support) {
        List<GpuRequest> gpus = GpuRequest.in(spec);
        if (gpus.isEmpty()) { // runtime: nvidia with NVIDIA_VISIBLE_DEVICES=none: no GPU, but the runtime is needed
            return NvidiaRuntimeGpus.missingRuntime(support).map(u -> "service " + service.name() + " uses runtime"
                    + " nvidia without GPUs but " + u.lacks() + " (" + u.why() + "). " + u.fix());
        }
        for (GpuRequest gpu : gpus) {
            Optional<Unsupported> problem = gpu.unsupported(support);
            if (problem.isEmpty()) {
                continue;
            }
            if (options.cpuFallback() || service.ml().cpuFallback()) {
                onCpu.add(service.name());
                warnings.accept(problem.get().fallback(service.name(), gpu));
                return Optional.empty();
            }
            return Optional.of(problem.get().failure(service.name(), gpu));
        }
        return Optional.empty();
    }

    private void allocate(GpuInventory inventory) {
        if (inventory.isKnown()) {
            allocator = new GpuAllocator(engine, inventory, options.policy(), waitLimit);
        } else {
            warnings.accept("no GPU inventory (no nvidia-smi here, MLCOMPOSE_GPUS unset): GPU requests go to the "
                    + "engine as written, so services asking for count: N all get the first N GPUs");
        }
    }

    /** Creates a container with its GPUs assigned (or removed, on CPU fallback); returns its id. */
    String create(Service service, ContainerSpec spec) {
        List<GpuRequest> gpus = GpuRequest.in(spec);
        if (!gpus.isEmpty() && onCpu.contains(service.name())) {
            return created(service, engine.create(labelled(GpuRequest.dropAll(spec),
                    Map.of(GpuAllocator.FALLBACK_LABEL, "cpu"))));
        }
        if (gpus.isEmpty() || allocator == null) {
            return created(service, engine.create(spec));
        }
        GpuRequest gpu = gpus.get(0);
        try {
            return allocator.assign(spec.name(), gpu.claim(service.ml().shareGpus()), assignment -> {
                ContainerSpec assigned = labelled(gpu.assign(spec, assignment.deviceIds()), assignment.labels());
                String id = created(service, engine.create(assigned));
                progress.on(ProgressEvent.container(spec.name(), Status.ASSIGNED, "GPU " + String.join(",", assignment.deviceIds())));
                return id;
            });
        } catch (GpuAllocator.Unavailable e) {
            throw new ServiceFailure(service.name(), e.getMessage(), e);
        }
    }

    /** A job keeps its GPUs until its last attempt has ended (see {@link GpuAllocator#holdUntil}). */
    void holdUntil(String container, CompletionStage<?> end) {
        if (allocator != null) {
            allocator.holdUntil(container, end);
        }
    }

    /** The same container with extra labels (the GPUs chosen, or none on CPU). */
    private static ContainerSpec labelled(ContainerSpec spec, Map<String, String> labels) {
        var all = new LinkedHashMap<>(spec.labels());
        all.putAll(labels);
        return spec.withLabels(all);
    }

    /** The new container's id; what the engine discarded of its settings is said, with the service's name. */
    private String created(Service service, CreatedContainer created) {
        created.warnings().forEach(w -> warnings.accept("service " + service.name() + ": the engine says: " + w));
        return created.id();
    }

    @Override
    public void close() {
        if (allocator != null) {
            allocator.close();
        }
    }
}
