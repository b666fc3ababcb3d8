package dev.mlcompose.runner.run;

import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.gpu.GpuInventory;
import java.util.Optional;

/**
 * How GPU requests are scheduled.
 *
 * @param inventory   the GPUs to hand out; empty: ask nvidia-smi when a service needs GPUs
 * @param policy      what a container does when its GPUs are held by others
 * @param cpuFallback run every GPU service on CPU when the engine cannot serve its GPU request ({@code --cpu-fallback})
 */
public record GpuOptions(Optional<GpuInventory> inventory, GpuAllocator.Policy policy, boolean cpuFallback) {

    public static GpuOptions defaults() {
        return new GpuOptions(Optional.empty(), GpuAllocator.Policy.FAIL, false);
    }
}
