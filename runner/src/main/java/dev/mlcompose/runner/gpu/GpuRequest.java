package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's request for GPUs, in one of the three forms Compose files write it: a device reservation
 * ({@code deploy.resources.reservations.devices}, {@code gpus:}), CDI GPU names in {@code devices}
 * ({@code nvidia.com/gpu=all}), or {@code runtime: nvidia} with {@code NVIDIA_VISIBLE_DEVICES}. Each form knows
 * its claim on the inventory, how the allocator's choice is written into the container, how it is dropped for a
 * CPU fallback, and what the engine must have for it. Pure: it reads and rewrites specs only.
 */
public sealed interface GpuRequest permits ReservedGpus, CdiGpus, NvidiaRuntimeGpus {

    /**
     * The GPU requests of a container, the one the allocator assigns first: a reservation, then CDI names, then
     * the nvidia runtime (a service that combines forms is allocated by its first and checked for all).
     */
    static List<GpuRequest> in(ContainerSpec spec) {
        var forms = new ArrayList<GpuRequest>();
        ReservedGpus.in(spec).ifPresent(forms::add);
        CdiGpus.in(spec).ifPresent(forms::add);
        NvidiaRuntimeGpus.in(spec).ifPresent(forms::add);
        return List.copyOf(forms);
    }

    /** The container without any of its GPU requests: what runs on CPU when the engine cannot give GPUs. */
    static ContainerSpec dropAll(ContainerSpec spec) {
        ContainerSpec out = spec;
        for (GpuRequest form : in(spec)) {
            out = form.drop(out);
        }
        return out;
    }

    /** What it asks of the GPU inventory. */
    GpuClaim claim(boolean shared);

    /** The container with this request narrowed to the GPUs the allocator chose. */
    ContainerSpec assign(ContainerSpec spec, List<String> ids);

    /** The container without this request. */
    ContainerSpec drop(ContainerSpec spec);

    /** Why the engine cannot serve it, if it cannot, from the engine's answers. */
    Optional<Unsupported> unsupported(GpuSupport engine);

    /** For messages, after the service's name: "reserves 1 GPU", "asks for CDI device nvidia.com/gpu=0". */
    String asks();

    /** How the file says it, for messages ("driver nvidia"); empty when {@link #asks()} says it all. */
    String written();

    /**
     * Why a GPU request cannot be served here: what the engine lacks, the engine's own words or facts, and the fix.
     * Said as one line: {@code service S asks (written) but lacks (why). fix, or run it on CPU with ...}.
     */
    record Unsupported(String lacks, String why, String fix) {

        static final String FALLBACK_HINT = "or run it on CPU with --cpu-fallback or x-mlcompose: {cpu-fallback: true}";

        /** The failure, before anything is created. */
        public String failure(String service, GpuRequest request) {
            String written = request.written().isEmpty() ? "" : " (" + request.written() + ")";
            return "service " + service + " " + request.asks() + written + " but " + lacks + " (" + why + "). " + fix
                    + ", " + FALLBACK_HINT;
        }

        /** The warning when the service may fall back to CPU. */
        public String fallback(String service, GpuRequest request) {
            return "service " + service + " " + request.asks() + " but " + lacks + ": running it on CPU (cpu-fallback)";
        }
    }
}
