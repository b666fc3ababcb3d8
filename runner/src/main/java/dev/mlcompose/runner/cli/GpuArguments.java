package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.gpu.GpuInventory;
import dev.mlcompose.runner.run.GpuOptions;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The GPU scheduling options of {@code up} and {@code train}. */
final class GpuArguments {

    @Option(names = "--gpu-inventory", paramLabel = "IDS",
            description = "The GPUs to hand out, e.g. 0,1,2,3 (default: MLCOMPOSE_GPUS, else nvidia-smi).")
    String inventory;

    @Option(names = "--gpu-policy", paramLabel = "POLICY", defaultValue = "fail",
            description = "When a service's GPUs are held by others: fail (default) or wait for them to be released.")
    Policy policy;

    /** The values of {@code --gpu-policy}, as written on the command line. */
    enum Policy { fail, wait }

    @Option(names = "--cpu-fallback",
            description = "Run GPU services on CPU (without their GPU request) when the engine cannot serve it (no GPU "
                    + "runtime, no nvidia runtime, CDI names it cannot resolve).")
    boolean cpuFallback;

    GpuOptions options(Map<String, String> environment) {
        Optional<GpuInventory> gpus = Optional.ofNullable(inventory).map(i -> GpuInventory.parse(i, "--gpu-inventory"))
                .or(() -> Optional.ofNullable(environment.get("MLCOMPOSE_GPUS")).map(i -> GpuInventory.parse(i, "MLCOMPOSE_GPUS")));
        var chosen = policy == Policy.wait ? GpuAllocator.Policy.WAIT : GpuAllocator.Policy.FAIL;
        return new GpuOptions(gpus, chosen, cpuFallback);
    }
}
