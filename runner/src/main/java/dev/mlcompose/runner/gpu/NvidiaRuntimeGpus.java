package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.ContainerSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GPUs as {@code runtime: nvidia}: the NVIDIA runtime gives the container the GPUs its
 * {@code NVIDIA_VISIBLE_DEVICES} names ({@code 0,1}, {@code all}). Unset means all, as CUDA images set it;
 * {@code none}, {@code void} or empty mean no GPU, so that is no GPU request. The choice is written into
 * {@code NVIDIA_VISIBLE_DEVICES}; on CPU the container runs on the engine's default runtime without it.
 *
 * @param visibleDevices the service's {@code NVIDIA_VISIBLE_DEVICES}; empty when it does not set it
 */
public record NvidiaRuntimeGpus(Optional<String> visibleDevices) implements GpuRequest {

    public static final String RUNTIME = "nvidia";
    public static final String VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES";
    /** What the NVIDIA runtime reads to select GPUs and driver parts; none of it means anything to runc. */
    private static final Set<String> SELECTION = Set.of(VISIBLE_DEVICES, "NVIDIA_DRIVER_CAPABILITIES");
    private static final Set<String> NO_GPU = Set.of("none", "void", "");

    static Optional<GpuRequest> in(ContainerSpec spec) {
        if (!usesRuntime(spec)) {
            return Optional.empty();
        }
        Optional<String> value = Optional.ofNullable(spec.process().environment().get(VISIBLE_DEVICES));
        return value.filter(v -> NO_GPU.contains(v.strip())).isPresent() ? Optional.empty()
                : Optional.of(new NvidiaRuntimeGpus(value));
    }

    /** Whether the container runs on the nvidia runtime, GPUs or not. */
    public static boolean usesRuntime(ContainerSpec spec) {
        return spec.security().runtime().filter(RUNTIME::equals).isPresent();
    }

    @Override
    public GpuClaim claim(boolean shared) {
        List<String> ids = Arrays.stream(visibleDevices.orElse("all").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        return ids.contains("all") ? new GpuClaim(-1, List.of(), shared) : new GpuClaim(0, ids, shared);
    }

    @Override
    public ContainerSpec assign(ContainerSpec spec, List<String> ids) {
        var environment = new LinkedHashMap<>(spec.process().environment());
        environment.put(VISIBLE_DEVICES, String.join(",", ids));
        return spec.withProcess(spec.process().withEnvironment(environment));
    }

    @Override
    public ContainerSpec drop(ContainerSpec spec) {
        var environment = new LinkedHashMap<>(spec.process().environment());
        environment.keySet().removeIf(k -> SELECTION.contains(k) || k.startsWith("NVIDIA_REQUIRE_"));
        return spec.withProcess(spec.process().withEnvironment(environment))
                .withSecurity(spec.security().withRuntime(Optional.empty()));
    }

    @Override
    public Optional<Unsupported> unsupported(GpuSupport engine) {
        return missingRuntime(engine);
    }

    /** The engine's runtimes lack nvidia (also checked for a runtime: nvidia service that asks for no GPU). */
    public static Optional<Unsupported> missingRuntime(GpuSupport engine) {
        List<String> runtimes = engine.runtimes();
        return runtimes.contains(RUNTIME) ? Optional.empty() : Optional.of(new Unsupported(
                "the engine has no nvidia runtime", "it has " + String.join(", ", runtimes),
                "Install the NVIDIA Container Toolkit on the engine's host and register its runtime"
                        + " (nvidia-ctk runtime configure --runtime=docker, then restart the engine)"));
    }

    @Override
    public String asks() {
        return "uses runtime nvidia for " + claim(false).describe();
    }

    @Override
    public String written() {
        return visibleDevices.map(v -> VISIBLE_DEVICES + "=" + v).orElse(VISIBLE_DEVICES + " unset, which means all");
    }
}
